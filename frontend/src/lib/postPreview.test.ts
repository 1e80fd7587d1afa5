import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat, parseSource, parseV1Date, previewPost, unescapeEntities } from './postPreview';

// The server's own synthetic fixtures (evidence/importpost/testdata).
const fixture = (name: string) => readFileSync(resolve(process.cwd(), '../evidence/importpost/testdata', name), 'utf8');

describe('the import preview', () => {
  it('recognises each format from its shape', () => {
    expect(detectFormat(fixture('v1_tweetdeck.json'))).toBe('TWITTER_V1');
    expect(detectFormat(fixture('v2_tweetdeck.json'))).toBe('TWITTER_V2');
    expect(detectFormat(fixture('delete.json'))).toBe('TWITTER_V1_DELETION');
    expect(detectFormat('  <!doctype html><html>')).toBe('ARCHIVE_HTML');
    expect(detectFormat('{"hello": 1}')).toBeUndefined();
    expect(detectFormat('not json')).toBeUndefined();
    expect(detectFormat('')).toBeUndefined();
  });

  it('reads a v1.1 TweetDeck tweet as the server would: time, text, author, client', () => {
    const r = previewPost('TWITTER_V1', fixture('v1_tweetdeck.json'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.preview).toMatchObject({
      id: '158496143569846272',
      createdAt: '2012-01-15T10:30:00Z',
      text: '[synthetic fixture: the real text is not recorded] Q&A <DM> #primarias',
      handle: 'PSOE',
      name: 'PSOE',
      lang: 'es',
      client: { name: 'TweetDeck', url: 'http://www.tweetdeck.com' },
      truncated: false,
    });
  });

  it('prefers the fullest text and says when it is truncated', () => {
    const compat = previewPost('TWITTER_V1', JSON.stringify({ id_str: '1', created_at: 'Sun Jan 15 10:30:00 +0000 2012', text: 'short…', truncated: true }));
    expect(compat.ok && compat.preview.truncated).toBe(true);
    const extended = previewPost(
      'TWITTER_V1',
      JSON.stringify({ id_str: '1', text: 'short…', truncated: true, extended_tweet: { full_text: 'the whole text' } }),
    );
    expect(extended.ok && extended.preview.text).toBe('the whole text');
    expect(extended.ok && extended.preview.truncated).toBe(false);
  });

  it('reads v2 with the author from includes', () => {
    const r = previewPost('TWITTER_V2', fixture('v2_tweetdeck.json'));
    expect(r.ok && r.preview).toMatchObject({ id: '158496143569846272', createdAt: '2012-01-15T10:30:00Z', handle: 'PSOE', client: { name: 'TweetDeck' } });
  });

  it('reads a deletion notice, with its time only when it has one', () => {
    const r = previewPost('TWITTER_V1_DELETION', fixture('delete.json'));
    expect(r.ok && r.preview).toMatchObject({ id: '158496143569846272', deletedAt: '2012-01-15T10:44:00Z' });
    const old = previewPost('TWITTER_V1_DELETION', fixture('delete_2012_no_timestamp.json'));
    expect(old.ok && old.preview.deletedAt).toBeUndefined();
  });

  it('never trusts a numeric id JavaScript has rounded', () => {
    const r = previewPost('TWITTER_V1', '{"id": 158496143569846272, "created_at": "Sun Jan 15 10:30:00 +0000 2012", "text": "x"}');
    expect(r.ok && r.preview.id).toBeUndefined();
  });

  it('says what is wrong with a payload it cannot read', () => {
    expect(previewPost('TWITTER_V1', '')).toEqual({ ok: false, problem: 'empty' });
    expect(previewPost('TWITTER_V1', '{').ok).toBe(false);
    expect(previewPost('TWITTER_V1', '[1]')).toEqual({ ok: false, problem: 'notObject' });
    expect(previewPost('TWITTER_V1', '{"a": 1}')).toEqual({ ok: false, problem: 'notThisFormat' });
    expect(previewPost('ARCHIVE_HTML', '<html></html>')).toEqual({ ok: false, problem: 'serverOnly' });
  });

  it('reads the client from source without treating it as HTML for the page', () => {
    expect(parseSource('<a href="http://www.tweetdeck.com" rel="nofollow">TweetDeck</a>')).toEqual({
      name: 'TweetDeck',
      url: 'http://www.tweetdeck.com',
    });
    expect(parseSource('web')).toEqual({ name: 'web' });
    expect(parseSource('<a href="javascript:alert(1)">Evil &amp; co</a>')).toEqual({ name: 'Evil & co' });
    expect(parseSource('')).toBeUndefined();
    expect(parseSource(42)).toBeUndefined();
  });

  it('parses v1.1 dates with their offset, and refuses others', () => {
    expect(parseV1Date('Sun Jan 15 10:30:00 +0000 2012')).toBe('2012-01-15T10:30:00Z');
    expect(parseV1Date('Sun Jan 15 11:30:00 +0100 2012')).toBe('2012-01-15T10:30:00Z');
    expect(parseV1Date('2012-01-15T10:30:00Z')).toBeUndefined();
    expect(unescapeEntities('a &amp;lt; b &lt; c')).toBe('a &lt; b < c');
  });
});
