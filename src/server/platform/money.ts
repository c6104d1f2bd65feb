/** NUMERIC money arrives as text from both drivers; the API always says yuan with two decimals ("1288.00"), never a float. */
export function money(value: string | number | null | undefined): string {
  const text = value == null || value === '' ? '0' : String(value);
  const [whole, fraction = ''] = text.split('.');
  return `${whole}.${(fraction + '00').slice(0, 2)}`;
}
