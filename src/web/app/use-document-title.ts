import { useEffect } from 'react';
import { useT } from './i18n-provider';

/** "成员管理 · 店服 ShopDesk": the page's name first, so browser tabs stay tellable apart. */
export function useDocumentTitle(page?: string): void {
  const t = useT();
  const product = t('app.name');
  useEffect(() => {
    document.title = page ? `${page} · ${product}` : product;
  }, [page, product]);
}
