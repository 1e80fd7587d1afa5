import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyButton } from '../../components/CopyButton';
import { embedSnippets } from '../../lib/embed';

/**
 * The codes to embed the claim elsewhere: the script snippet (a readable
 * blockquote the loader turns into the widget), a plain iframe, and the
 * link; each with a copy button. The preview loads the widget's iframe
 * only when asked (it is a page of its own).
 */
export function EmbedBox(props: { claimId: string; text: string; claimant: string; lang: string }) {
  const { t, i18n } = useTranslation();
  const [preview, setPreview] = useState(false);
  const origin = window.location.origin;
  const lang = i18n.language === 'es' ? 'es' : 'en';
  const snippets = embedSnippets({
    origin,
    claimId: props.claimId,
    text: props.text,
    claimant: props.claimant,
    claimLang: props.lang,
    lang,
    seeCase: t('embed.seeCase'),
    frameTitle: t('embed.frameTitle'),
  });
  return (
    <section className="panel embed" aria-labelledby="embed-heading" data-testid="embed-box">
      <h2 id="embed-heading">{t('embed.heading')}</h2>
      <p className="hint">{t('embed.intro')}</p>
      <Snippet name="script" label={t('embed.script')} hint={t('embed.scriptHint')} code={snippets.script} />
      <Snippet name="iframe" label={t('embed.iframe')} hint={t('embed.iframeHint')} code={snippets.iframe} />
      <Snippet name="link" label={t('embed.link')} code={snippets.link} />
      <div className="embed-preview">
        <button type="button" className="secondary" aria-expanded={preview} onClick={() => setPreview((p) => !p)}>
          {preview ? t('embed.hidePreview') : t('embed.showPreview')}
        </button>
        {preview && (
          <iframe
            src={snippets.frameSrc}
            title={t('embed.previewTitle')}
            className="embed-frame"
            loading="lazy"
            sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"
            data-testid="embed-preview"
          />
        )}
      </div>
    </section>
  );
}

function Snippet({ name, label, hint, code }: { name: string; label: string; hint?: string; code: string }) {
  const { t } = useTranslation();
  const id = `${useId()}-${name}`;
  return (
    <div className="snippet" data-testid={`embed-${name}`}>
      <label htmlFor={id}>{label}</label>
      {hint && <p className="hint">{hint}</p>}
      <textarea
        id={id}
        readOnly
        rows={name === 'link' ? 1 : name === 'iframe' ? 3 : 6}
        value={code}
        spellCheck={false}
        onFocus={(e) => e.currentTarget.select()}
      />
      <p className="hash">
        <CopyButton text={code} describedBy={id} label={t('embed.copy')} copied={t('embed.copied')} />
      </p>
    </div>
  );
}
