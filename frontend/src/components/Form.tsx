// Form building blocks. Every control has a visible label; an API error
// about a field is shown under it (aria-describedby, aria-invalid), other
// errors above the form in an alert; after a refused submit, focus goes to
// the first field at fault (or the alert). What the user typed stays: the
// forms are controlled and never reset on error. A form cannot be sent
// twice: the submit button is disabled while a request is in flight, and
// useSubmit ignores a second submit before React re-renders.
import { type FormEvent, type ReactNode, useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CombinedError } from 'urql';
import { type ApiError, type FormErrors, formErrors, noErrors } from '../graphql/errors';
import { sayApiError } from '../lib/apiMessages';

export type ControlProps = {
  id: string;
  name: string;
  'aria-invalid': boolean | undefined;
  'aria-describedby': string | undefined;
  required: boolean | undefined;
};

/** An error the app finds itself before asking the API, already in the reader's words. */
export function clientError(message: string): ApiError {
  return { code: 'CLIENT', message };
}

/** One API error in the reader's words (or the API's, marked English). */
export function ApiMessage({ error }: { error: ApiError }) {
  const { t } = useTranslation();
  const said = sayApiError(t, error);
  return <span lang={said.lang}>{said.text}</span>;
}

/** A labelled control with its hint and its error. */
export function Field(props: {
  label: ReactNode;
  name: string;
  error?: ApiError | undefined;
  hint?: ReactNode;
  required?: boolean;
  optional?: boolean;
  className?: string;
  children: (p: ControlProps) => ReactNode;
}) {
  const { t } = useTranslation();
  const id = `${useId()}-${props.name}`;
  const hintId = props.hint ? `${id}-hint` : undefined;
  const errorId = props.error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${props.error ? ' field-invalid' : ''}${props.className ? ` ${props.className}` : ''}`}>
      <label htmlFor={id}>
        {props.label}
        {props.optional && <span className="optional"> ({t('form.optional')})</span>}
      </label>
      {props.hint && (
        <p className="hint" id={hintId}>
          {props.hint}
        </p>
      )}
      {props.children({
        id,
        name: props.name,
        'aria-invalid': props.error ? true : undefined,
        'aria-describedby': describedBy,
        required: props.required || undefined,
      })}
      {props.error && (
        <p className="field-error" id={errorId} data-testid={`error-${props.name}`}>
          <ApiMessage error={props.error} />
        </p>
      )}
    </div>
  );
}

/** A group of radio buttons (or checkboxes) with a legend and an error. */
export function Choices(props: {
  legend: ReactNode;
  name: string;
  error?: ApiError | undefined;
  hint?: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  const id = `${useId()}-${props.name}`;
  const errorId = props.error ? `${id}-error` : undefined;
  const hintId = props.hint ? `${id}-hint` : undefined;
  return (
    <fieldset
      className={`choices${props.error ? ' field-invalid' : ''}${props.className ? ` ${props.className}` : ''}`}
      aria-describedby={[errorId, hintId].filter(Boolean).join(' ') || undefined}
      aria-invalid={props.error ? true : undefined}
    >
      <legend>{props.legend}</legend>
      {props.hint && (
        <p className="hint" id={hintId}>
          {props.hint}
        </p>
      )}
      {props.children}
      {props.error && (
        <p className="field-error" id={errorId} data-testid={`error-${props.name}`}>
          <ApiMessage error={props.error} />
        </p>
      )}
    </fieldset>
  );
}

/** Errors that belong to no field of the form, in an alert. */
export function FormAlert({ errors, id }: { errors: ApiError[]; id?: string }) {
  const { t } = useTranslation();
  if (errors.length === 0) return null;
  return (
    <div className="form-alert" role="alert" id={id} tabIndex={-1} data-testid="form-alert">
      <p className="form-alert-title">{t('form.failed')}</p>
      <ul>
        {errors.map((e, i) => (
          <li key={i}>
            {e.field && <span className="field-name">{e.field}: </span>}
            <ApiMessage error={e} />
          </li>
        ))}
      </ul>
    </div>
  );
}

export function SubmitButton(props: { busy: boolean; children: ReactNode; busyLabel?: ReactNode; className?: string }) {
  const { t } = useTranslation();
  return (
    <button type="submit" disabled={props.busy} aria-disabled={props.busy} className={props.className}>
      {props.busy ? (props.busyLabel ?? t('form.sending')) : props.children}
    </button>
  );
}

type Outcome = { error?: CombinedError | undefined } | undefined;

/**
 * A form's submit: runs send once at a time, and sorts the API's errors
 * into the form's fields (known) and the rest. After a refusal, focus
 * moves to the first field at fault, or to the alert.
 */
export function useSubmit(known: readonly string[]) {
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [busy, setBusy] = useState(false);
  const inFlight = useRef(false);
  const form = useRef<HTMLFormElement>(null);
  const [focusTick, setFocusTick] = useState(0);
  const knownRef = useRef(known);
  knownRef.current = known;

  useEffect(() => {
    if (focusTick === 0) return;
    const el = form.current;
    if (!el) return;
    const target =
      el.querySelector<HTMLElement>('[aria-invalid="true"]:not(fieldset)') ??
      el.querySelector<HTMLElement>('fieldset[aria-invalid="true"] input') ??
      el.querySelector<HTMLElement>('[role="alert"]');
    target?.focus();
  }, [focusTick]);

  const submit = useCallback(async <R extends Outcome>(send: () => Promise<R>): Promise<R | undefined> => {
    if (inFlight.current) return undefined;
    inFlight.current = true;
    setBusy(true);
    // The old errors go while the new attempt is on its way.
    setErrors(noErrors);
    try {
      const res = await send();
      if (res === undefined) return res; // nothing was sent (fail() said why)
      setErrors(formErrors(res.error, knownRef.current));
      if (res.error) setFocusTick((n) => n + 1);
      return res;
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }, []);

  /** Refuses a submit before sending, with errors the app found itself. */
  const fail = useCallback((fields: Record<string, ApiError>, general: ApiError[] = []) => {
    setErrors({ fields, general });
    setFocusTick((n) => n + 1);
  }, []);

  /** An onSubmit handler that prevents the page load and calls submit. */
  const onSubmit = useCallback(
    (send: () => Promise<Outcome>) => (e: FormEvent) => {
      e.preventDefault();
      void submit(send);
    },
    [submit],
  );

  return { errors, fail, busy, submit, onSubmit, form };
}
