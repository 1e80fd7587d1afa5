import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { DateTime } from '../../components/DateTime';
import { Choices, clientError, Field, FormAlert, SubmitButton, useSubmit } from '../../components/Form';
import { LogInLink } from '../../components/RequireRole';
import { type FragmentType, getFragmentData, graphql } from '../../gql';
import type { VerdictValue } from '../../gql/graphql';
import { intlLocale } from '../../i18n';
import { useViewer } from '../../session/session';

export const VerdictPanelFragment = graphql(`
  fragment VerdictPanel_claim on Claim {
    id
    tally {
      id
      holds
      partly
      doesNotHold
      total
      holdsShare
      doesNotHoldShare
      holdsLowerBound
      doesNotHoldLowerBound
      updatedAt
    }
    consensus {
      id
      status
      explanationEs: explanation(lang: "es")
      explanationEn: explanation(lang: "en")
      verdictsUsed
      totalVerdicts
      computedAt
      sides {
        positive {
          holds
          partly
          doesNotHold
          total
        }
        negative {
          holds
          partly
          doesNotHold
          total
        }
        unplaced {
          holds
          partly
          doesNotHold
          total
        }
      }
    }
  }
`);

export const MyVerdictQuery = graphql(`
  query MyVerdict($claimId: ID!) {
    viewer {
      verdictOn(claimId: $claimId) {
        id
        value
        reason
        withdrawnAt
        updatedAt
      }
    }
  }
`);

const CastVerdictMutation = graphql(`
  mutation CastVerdict($claimId: ID!, $value: VerdictValue!, $reason: String) {
    castVerdict(claimId: $claimId, value: $value, reason: $reason) {
      id
      value
      reason
      withdrawnAt
      updatedAt
      claim {
        id
        ...VerdictPanel_claim
      }
    }
  }
`);

const WithdrawVerdictMutation = graphql(`
  mutation WithdrawVerdict($claimId: ID!, $reason: String) {
    withdrawVerdict(claimId: $claimId, reason: $reason) {
      id
      value
      reason
      withdrawnAt
      updatedAt
      claim {
        id
        ...VerdictPanel_claim
      }
    }
  }
`);

export const verdictValues: VerdictValue[] = ['HOLDS', 'PARTLY', 'DOES_NOT_HOLD'];

function percent(share: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

/**
 * Readers' verdicts: the tally with its sample size, the consensus the
 * bridging model found (not a vote count) with each side's verdicts, and
 * the viewer's own verdict to cast, change or withdraw. Updated live.
 */
export function VerdictPanel(props: { claim: FragmentType<typeof VerdictPanelFragment> }) {
  const { t, i18n } = useTranslation();
  const c = getFragmentData(VerdictPanelFragment, props.claim);
  const locale = intlLocale(i18n.language);
  const tally = c.tally;
  const total = tally?.total ?? 0;
  const counts: Record<VerdictValue, number> = {
    HOLDS: tally?.holds ?? 0,
    PARTLY: tally?.partly ?? 0,
    DOES_NOT_HOLD: tally?.doesNotHold ?? 0,
  };
  const consensus = c.consensus;
  const status = consensus?.status ?? 'NEEDS_MORE_VERDICTS';
  return (
    <section className="panel verdicts" aria-labelledby="verdicts-heading" data-testid="verdict-panel">
      <h2 id="verdicts-heading">{t('verdicts.heading')}</h2>
      <div className="consensus" data-testid="consensus">
        <p>
          <span className="label">{t('verdicts.consensus')}: </span>
          <span className={`badge badge-consensus-${status.toLowerCase()}`} data-testid="consensus-status">
            {t(`consensus.${status}`)}
          </span>
        </p>
        {consensus && (
          <p className="explanation" lang={i18n.language === 'es' ? 'es' : 'en'}>
            {i18n.language === 'es' ? consensus.explanationEs : consensus.explanationEn}
          </p>
        )}
        <p className="hint">{t('verdicts.consensusHint')}</p>
      </div>
      <h3>{t('verdicts.tally')}</h3>
      <p data-testid="tally-total" aria-live="polite">
        {t('verdicts.sample', { count: total })}
      </p>
      <ul className="tally" data-testid="tally">
        {verdictValues.map((v) => {
          const share = total ? counts[v] / total : 0;
          return (
            <li key={v} data-testid={`tally-${v}`}>
              <span className="tally-label">{t(`verdict.${v}`)}</span>
              <span className="tally-bar" aria-hidden="true">
                <span className={`tally-fill tally-${v.toLowerCase()}`} style={{ width: `${(share * 100).toFixed(1)}%` }} />
              </span>
              <span className="tally-count">
                {t('verdicts.countShare', { count: counts[v], share: percent(share, locale) })}
              </span>
            </li>
          );
        })}
      </ul>
      {tally && total > 0 && (
        <p className="hint" data-testid="tally-bounds">
          {t('verdicts.bounds', {
            holds: percent(tally.holdsShare, locale),
            holdsLow: percent(tally.holdsLowerBound, locale),
            dnh: percent(tally.doesNotHoldShare, locale),
            dnhLow: percent(tally.doesNotHoldLowerBound, locale),
          })}
        </p>
      )}
      {consensus && (
        <details className="sides">
          <summary>{t('verdicts.sides')}</summary>
          <p className="hint">{t('verdicts.sidesHint', { used: consensus.verdictsUsed, total: consensus.totalVerdicts })}</p>
          <div className="table-scroll">
            <table>
              <caption className="visually-hidden">{t('verdicts.sides')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('verdicts.side')}</th>
                  {verdictValues.map((v) => (
                    <th scope="col" key={v}>
                      {t(`verdict.${v}`)}
                    </th>
                  ))}
                  <th scope="col">{t('verdicts.total')}</th>
                </tr>
              </thead>
              <tbody>
                {(['positive', 'negative', 'unplaced'] as const).map((side) => {
                  const s = consensus.sides[side];
                  return (
                    <tr key={side}>
                      <th scope="row">{t(`side.${side}`)}</th>
                      <td>{s.holds}</td>
                      <td>{s.partly}</td>
                      <td>{s.doesNotHold}</td>
                      <td>{s.total}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <p className="hint">
            {t('verdicts.computedAt')} <DateTime value={consensus.computedAt} />
          </p>
        </details>
      )}
      <MyVerdict claimId={c.id} />
    </section>
  );
}

function MyVerdict({ claimId }: { claimId: string }) {
  const { t } = useTranslation();
  const { user } = useViewer();
  const [res] = useQuery({ query: MyVerdictQuery, variables: { claimId }, pause: !user });
  if (user === undefined) return null;
  if (user === null) {
    return (
      <p className="your-verdict" data-testid="verdict-login">
        {t('verdicts.signInToJudge')} <LogInLink>{t('session.logIn')}</LogInLink>
      </p>
    );
  }
  if (!res.data) return null;
  return <VerdictForm claimId={claimId} current={res.data.viewer?.verdictOn ?? null} />;
}

type Current = { value: VerdictValue; reason?: string | null; withdrawnAt?: string | null; updatedAt: string } | null;

function VerdictForm({ claimId, current }: { claimId: string; current: Current }) {
  const { t } = useTranslation();
  const active = current && !current.withdrawnAt ? current : null;
  const [value, setValue] = useState<VerdictValue | ''>(active?.value ?? '');
  const [reason, setReason] = useState(active?.reason ?? '');
  const [notice, setNotice] = useState('');
  const [, cast] = useMutation(CastVerdictMutation);
  const [, withdraw] = useMutation(WithdrawVerdictMutation);
  const { errors, fail, busy, submit, onSubmit, form } = useSubmit(['value', 'reason', 'claimId']);
  // Follow the saved verdict when it changes elsewhere (another tab).
  useEffect(() => {
    if (active) setValue(active.value);
  }, [active?.value]);

  return (
    <form
      ref={form}
      noValidate
      className="form your-verdict"
      data-testid="verdict-form"
      onSubmit={onSubmit(async () => {
        setNotice('');
        if (!value) {
          fail({ value: clientError(t('verdicts.choose')) });
          return undefined;
        }
        const res = await cast({ claimId, value, reason: reason.trim() || null });
        if (!res.error) setNotice(t('verdicts.saved'));
        return res;
      })}
    >
      <h3>{t('verdicts.yours')}</h3>
      {active ? (
        <p data-testid="your-verdict-now">
          {t('verdicts.youSaid', { value: t(`verdict.${active.value}`) })} <DateTime value={active.updatedAt} />
        </p>
      ) : current?.withdrawnAt ? (
        <p>
          {t('verdicts.withdrawnAt')} <DateTime value={current.withdrawnAt} />
        </p>
      ) : (
        <p className="hint">{t('verdicts.none')}</p>
      )}
      <FormAlert errors={errors.general} />
      <Choices legend={t('verdicts.question')} name="value" error={errors.fields.value} className="verdict-choices">
        {verdictValues.map((v) => (
          <label key={v} className="choice">
            <input type="radio" name="verdict" value={v} checked={value === v} onChange={() => setValue(v)} />{' '}
            {t(`verdict.${v}`)}
          </label>
        ))}
      </Choices>
      <Field label={t('verdicts.reason')} name="reason" hint={t('verdicts.reasonHint')} error={errors.fields.reason} optional>
        {(p) => <textarea {...p} rows={2} maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <div className="actions">
        <SubmitButton busy={busy}>{active ? t('verdicts.change') : t('verdicts.cast')}</SubmitButton>
        {active && (
          <button
            type="button"
            className="secondary"
            disabled={busy}
            onClick={() =>
              void submit(async () => {
                setNotice('');
                const res = await withdraw({ claimId, reason: reason.trim() || null });
                if (!res.error) {
                  setValue('');
                  setNotice(t('verdicts.withdrawn'));
                }
                return res;
              })
            }
          >
            {t('verdicts.withdraw')}
          </button>
        )}
      </div>
      <p role="status" className="form-status" data-testid="verdict-status">
        {notice}
      </p>
    </form>
  );
}
