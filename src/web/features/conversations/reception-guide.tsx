import { Flex, Segmented, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { RECEPTION_STEPS, type QuickReply, type ReceptionStep } from '../../app/api-types';
import { useT } from '../../app/i18n-provider';
import type { MessageKey } from '../../i18n/messages';
import { readableBody } from '../quick-replies/quick-replies-api';

const STORAGE_KEY = 'shopdesk.receptionStep';

function readSteps(): Record<string, ReceptionStep> {
  try {
    const parsed = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, ReceptionStep>) : {};
  } catch {
    return {};
  }
}

function saveStep(conversationId: string, step: ReceptionStep) {
  try {
    // The newest hundred conversations are enough: the rest have long been answered.
    const entries = Object.entries(readSteps()).filter(([id]) => id !== conversationId);
    entries.push([conversationId, step]);
    localStorage.setItem(STORAGE_KEY, JSON.stringify(Object.fromEntries(entries.slice(-100))));
  } catch {
    // private mode or a full store: the step lives only as long as the page
  }
}

/** The step of the eight-step reception an agent is at in a conversation, remembered on this device. */
export function useReceptionStep(conversationId: string) {
  const [step, setStepState] = useState<ReceptionStep>(() => {
    const saved = readSteps()[conversationId];
    return saved && RECEPTION_STEPS.includes(saved) ? saved : 'greet';
  });
  const setStep = (next: ReceptionStep) => {
    setStepState(next);
    saveStep(conversationId, next);
  };
  return [step, setStep] as const;
}

type Props = {
  step: ReceptionStep;
  onStep: (step: ReceptionStep) => void;
  /** The team's quick replies (only the shared ones of the step are shown). */
  replies: readonly QuickReply[];
  disabled: boolean;
  onPick: (reply: QuickReply) => void;
};

/**
 * 接待八步: 问候 询问 分析 推荐 议价 协助 核实 道别. The agent moves the step; under it the team's
 * replies for that step are one click away.
 */
export function ReceptionGuide({ step, onStep, replies, disabled, onPick }: Props) {
  const t = useT();
  const chips = replies.filter((r) => r.scope === 'shared' && r.step === step);
  return (
    <div className="sd-reception" data-testid="reception-guide">
      <Flex align="center" gap={8} style={{ minWidth: 0 }}>
        <Typography.Text type="secondary" style={{ fontSize: 12, flex: 'none' }}>
          {t('qr.step.title')}
        </Typography.Text>
        <div className="sd-reception-steps">
          <Segmented<ReceptionStep>
            size="small"
            value={step}
            onChange={onStep}
            options={RECEPTION_STEPS.map((s, i) => ({
              value: s,
              label: (
                <span data-testid={`reception-step-${s}`}>
                  <span className="sd-reception-num">{i + 1}</span>
                  {t(`qr.step.${s}` as MessageKey)}
                </span>
              ),
            }))}
          />
        </div>
      </Flex>
      <div className="sd-reception-chips" data-testid="reception-replies">
        {chips.length === 0 ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('qr.step.empty')}
          </Typography.Text>
        ) : (
          chips.map((reply) => (
            <Tooltip key={reply.id} title={<span style={{ whiteSpace: 'pre-wrap' }}>{readableBody(t, reply.body)}</span>} mouseEnterDelay={0.4}>
              <button type="button" className="sd-reception-chip" disabled={disabled} onClick={() => onPick(reply)} data-testid={`reception-reply-${reply.shortcut}`}>
                {reply.title}
                <span className="sd-reception-chip-key">/{reply.shortcut}</span>
              </button>
            </Tooltip>
          ))
        )}
      </div>
    </div>
  );
}
