import { ClockCircleOutlined, PauseCircleOutlined, RiseOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import { useMemo, useSyncExternalStore } from 'react';
import { formatDateTime } from '../../app/format';
import type { Translate } from '../../app/i18n-provider';
import { useT } from '../../app/i18n-provider';
import type { Priority, SlaClock, SlaTargetKey, WorkOrderStatus } from './work-orders-api';

const STATUS_COLOR: Record<WorkOrderStatus, string> = {
  new: 'cyan',
  open: 'blue',
  pending_customer: 'gold',
  pending_team: 'purple',
  resolved: 'success',
  closed: 'default',
};

export function WorkOrderStatusTag({ status }: { status: WorkOrderStatus }) {
  const t = useT();
  return (
    <Tag color={STATUS_COLOR[status]} style={{ marginInlineEnd: 0 }} data-testid="work-order-status">
      {t(`wo.status.${status}`)}
    </Tag>
  );
}

const PRIORITY_COLOR: Record<Priority, string | undefined> = { low: undefined, normal: 'blue', high: 'orange', urgent: 'red' };

export function WorkOrderPriorityTag({ priority }: { priority: Priority }) {
  const t = useT();
  return (
    <Tag color={PRIORITY_COLOR[priority]} bordered={priority !== 'low'} style={{ marginInlineEnd: 0 }} data-testid="work-order-priority">
      {t(`wo.priority.${priority}`)}
    </Tag>
  );
}

export function EscalationBadge({ level }: { level: number }) {
  const t = useT();
  if (level <= 0) return null;
  return (
    <Tooltip title={t('wo.escalation.levelHint', { level })}>
      <Tag color="volcano" icon={<RiseOutlined />} style={{ marginInlineEnd: 0 }} data-testid="work-order-escalation">
        {t('wo.escalation.level', { level })}
      </Tag>
    </Tooltip>
  );
}

// ——— One clock for every countdown on the page: one timer, not one per row. ———

let now = Date.now();
const tickListeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(fn: () => void): () => void {
  tickListeners.add(fn);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      tickListeners.forEach((l) => l());
    }, 1000);
  }
  return () => {
    tickListeners.delete(fn);
    if (tickListeners.size === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** The time now, updated every second while something shows a countdown. */
export function useSecondClock(): number {
  return useSyncExternalStore(subscribe, () => now);
}

/** 2天3小时 / 2小时05分 / 35分钟 / 45秒 (and the English short forms). */
export function durationText(ms: number, t: Translate): string {
  const totalSec = Math.max(0, Math.floor(Math.abs(ms) / 1000));
  const d = Math.floor(totalSec / 86_400);
  const h = Math.floor((totalSec % 86_400) / 3600);
  const m = Math.floor((totalSec % 3600) / 60);
  const s = totalSec % 60;
  if (d > 0) return h > 0 ? t('wo.dur.dh', { d, h }) : t('wo.dur.d', { d });
  if (h > 0) return m > 0 || s > 0 ? t('wo.dur.hm', { h, m: String(m).padStart(2, '0') }) : t('wo.dur.h', { h });
  if (m > 0) return t('wo.dur.m', { m });
  return t('wo.dur.s', { s });
}

export type CountdownState = { kind: 'paused' | 'left' | 'low' | 'overdue'; ms: number };

/**
 * Where a clock stands at `at`: the working time left as the server counted it when the data came
 * (`receivedAt`), less the time since while the clock runs (working hours, not paused). Outside
 * working hours it stands still, as the SLA does; the lists refetch every minute to follow it.
 */
export function countdownState(clock: { remainingMs: number; paused: boolean; breached: boolean; running?: boolean }, targetMinutes: number | undefined, at: number, receivedAt: number = at): CountdownState {
  if (clock.paused) return { kind: 'paused', ms: clock.remainingMs };
  const ms = clock.remainingMs - (clock.running === false ? 0 : Math.max(0, at - receivedAt));
  if (ms <= 0 || clock.breached) return { kind: 'overdue', ms: Math.min(ms, 0) };
  if (targetMinutes && ms < targetMinutes * 60_000 * 0.2) return { kind: 'low', ms };
  return { kind: 'left', ms };
}

const COUNTDOWN_COLOR: Record<CountdownState['kind'], string | undefined> = { paused: undefined, left: undefined, low: '#d46b08', overdue: '#cf1322' };

export function countdownText(state: CountdownState, t: Translate): string {
  if (state.kind === 'paused') return t('wo.sla.paused');
  if (state.kind === 'overdue') return t('wo.sla.overdue', { time: durationText(state.ms, t) });
  return t('wo.sla.left', { time: durationText(state.ms, t) });
}

export function slaTargetLabel(target: SlaTargetKey, t: Translate): string {
  return t(`wo.sla.target.${target}`);
}

/** The live SLA countdown: 剩余 2小时05分 / 已超时 35分钟 (red) / 已暂停; orange when under 20 % is left. */
export function SlaCountdown({ clock, targetMinutes, showTarget = false, pausedLeft: showPausedLeft = false }: { clock: Pick<SlaClock, 'dueAt' | 'remainingMs' | 'paused' | 'breached'> & { target?: SlaTargetKey; running?: boolean; targetMinutes?: number }; targetMinutes?: number; showTarget?: boolean; /** While paused, say the working time left beside 已暂停. */ pausedLeft?: boolean }) {
  const t = useT();
  const at = useSecondClock();
  // A new clock object is a new reading from the server: count from the moment it came.
  const receivedAt = useMemo(() => Date.now(), [clock]);
  const state = countdownState(clock, targetMinutes ?? clock.targetMinutes, at, receivedAt);
  const color = COUNTDOWN_COLOR[state.kind];
  const icon = state.kind === 'paused' ? <PauseCircleOutlined /> : <ClockCircleOutlined />;
  const pausedLeft = state.kind === 'paused' && clock.remainingMs > 0 ? t('wo.sla.pausedLeft', { time: durationText(clock.remainingMs, t) }) : undefined;
  return (
    <Tooltip title={pausedLeft ?? (clock.dueAt ? t('wo.sla.dueAt', { time: formatDateTime(clock.dueAt) }) : undefined)}>
      <span
        style={{ color: color ?? (state.kind === 'paused' ? 'rgba(0,0,0,0.45)' : undefined), fontWeight: state.kind === 'overdue' ? 600 : undefined, whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}
        data-testid="work-order-countdown"
        data-state={state.kind}
      >
        {icon} {showTarget && clock.target ? `${slaTargetLabel(clock.target, t)} · ` : ''}
        {showPausedLeft && state.kind === 'paused' && clock.remainingMs > 0 ? t('wo.sla.pausedWithLeft', { time: durationText(clock.remainingMs, t) }) : countdownText(state, t)}
      </span>
    </Tooltip>
  );
}
