import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import en from './en';
import es from './es';
import { changeLanguage, createI18n, initialLanguage, intlLocale, languageFromBrowser, storageKey } from './index';

type Tree = { [k: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const pluralSuffix = /_(zero|one|two|few|many|other)$/;
const catalogues = { es: flatten(es), en: flatten(en) } as const;

/** Keys with plural forms folded to their base, and the forms each has. */
function shape(flat: Map<string, string>) {
  const plain = new Set<string>();
  const plurals = new Map<string, Set<string>>();
  for (const key of flat.keys()) {
    const m = pluralSuffix.exec(key);
    if (m) {
      const base = key.slice(0, -m[0].length);
      if (!plurals.has(base)) plurals.set(base, new Set());
      plurals.get(base)!.add(m[1]!);
    } else plain.add(key);
  }
  return { plain, plurals };
}

function placeholders(s: string): string[] {
  return [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!).sort();
}

describe('catalogues', () => {
  const shapes = { es: shape(catalogues.es), en: shape(catalogues.en) };

  it('es and en have the same keys', () => {
    expect([...shapes.en.plain].sort()).toEqual([...shapes.es.plain].sort());
    expect([...shapes.en.plurals.keys()].sort()).toEqual([...shapes.es.plurals.keys()].sort());
  });

  it('each plural key has exactly the plural forms its language uses', () => {
    for (const lang of ['es', 'en'] as const) {
      const categories = [...new Intl.PluralRules(lang).resolvedOptions().pluralCategories].sort();
      for (const [base, forms] of shapes[lang].plurals) {
        expect([...forms].sort(), `${lang}: ${base}`).toEqual(categories);
      }
    }
  });

  it('no message is empty and both languages use the same placeholders', () => {
    for (const [key, es_] of catalogues.es) {
      expect(es_.trim(), `es: ${key}`).not.toBe('');
      const base = key.replace(pluralSuffix, '');
      const enKey = catalogues.en.has(key) ? key : `${base}_other`;
      const en_ = catalogues.en.get(enKey);
      expect(en_?.trim(), `en: ${enKey}`).toBeTruthy();
      // A plural form may drop {{count}} ("one item"), so compare on "other".
      if (!pluralSuffix.test(key) || key.endsWith('_other')) {
        expect(placeholders(en_!), key).toEqual(placeholders(es_));
      }
    }
  });

  it('translates every value of the enums the screens show', () => {
    // vitest runs in frontend/
    const schema = ['../ent.graphql', '../schema.graphql'].map((f) => readFileSync(resolve(process.cwd(), f), 'utf8')).join('\n');
    const enumValues = (name: string) => {
      const m = new RegExp(`enum ${name}\\b[^{]*\\{([\\s\\S]*?)\\n\\}`).exec(schema);
      expect(m, `enum ${name} in ent.graphql`).toBeTruthy();
      return m![1]!
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => /^[A-Z][A-Z0-9_]*$/.test(l));
    };
    const used: Record<string, string[]> = {
      ClaimStatus: ['status'],
      EvidenceKind: ['kind'],
      EvidenceStance: ['stance', 'stanceHint'],
      ActorKind: ['actorKind'],
      AccountPlatform: ['platform'],
      Precision: ['time.knownTo', 'precision'],
      VerdictValue: ['verdict'],
      ConsensusStatus: ['consensus'],
      EvidenceStatus: ['evidenceStatus'],
      UserRole: ['role'],
      PostFormat: ['postFormat'],
      TimelineEventKind: ['timeline.kind'],
    };
    for (const [enumName, prefixes] of Object.entries(used)) {
      const values = enumValues(enumName);
      expect(values.length).toBeGreaterThan(1);
      for (const prefix of prefixes) {
        for (const v of values) {
          if (prefix === 'time.knownTo' && v === 'EXACT') continue; // an exact time needs no caveat
          for (const lang of ['es', 'en'] as const) {
            expect(catalogues[lang].has(`${prefix}.${v}`), `${lang}: ${prefix}.${v}`).toBe(true);
          }
        }
      }
    }
  });

  it('"not recorded" is said plainly in both languages', () => {
    expect(catalogues.es.get('common.notRecorded')).toBe('no consta');
    expect(catalogues.en.get('common.notRecorded')).toBe('not recorded');
  });
});

describe('language choice', () => {
  it('takes the first supported language among the browser preferences', () => {
    expect(languageFromBrowser(['fr-FR', 'en-GB', 'es'])).toBe('en');
    expect(languageFromBrowser(['es-MX'])).toBe('es');
    expect(languageFromBrowser(['de', 'fr'])).toBeUndefined();
  });

  it('prefers the remembered choice', () => {
    localStorage.setItem(storageKey, 'en');
    expect(initialLanguage()).toBe('en');
    localStorage.setItem(storageKey, 'xx');
    expect(['es', 'en']).toContain(initialLanguage());
  });

  it('remembers a change and updates <html lang>', async () => {
    const i18n = createI18n('es');
    expect(document.documentElement.lang).toBe('es');
    expect(i18n.t('common.notRecorded')).toBe('no consta');
    await changeLanguage(i18n, 'en');
    expect(localStorage.getItem(storageKey)).toBe('en');
    expect(document.documentElement.lang).toBe('en');
    expect(i18n.t('common.notRecorded')).toBe('not recorded');
  });

  it('pluralises per language', () => {
    const i18n = createI18n('es');
    expect(i18n.t('claimCard.evidence', { count: 1 })).toBe('1 prueba');
    expect(i18n.t('claimCard.evidence', { count: 6 })).toBe('6 pruebas');
    expect(i18n.t('claimCard.evidence', { count: 1000000 })).toBe('1000000 de pruebas');
    void i18n.changeLanguage('en');
    expect(i18n.t('claimCard.evidence', { count: 1 })).toBe('1 evidence item');
  });

  it('uses the browser regional variant for Intl when it matches', () => {
    expect(intlLocale('en')).toMatch(/^en/);
    expect(intlLocale('xx')).toBe('xx');
  });
});
