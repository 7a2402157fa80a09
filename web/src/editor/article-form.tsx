import { useState } from 'preact/hooks';
import type { Problem, Schemas } from '../api/client';
import { Field } from '../components/field';

type Article = Schemas['Article'];
export type ArticleFields = Pick<Article, 'slug' | 'title' | 'summary' | 'body' | 'tags'>;

/** The refusal's message, with the fields it names (invalid_request details), for the person to correct. */
export function refusalText(problem: Problem): string {
  const details = Array.isArray(problem.details) ? (problem.details as { path?: string; message?: string }[]) : [];
  return [problem.message, ...details.map((detail) => `${detail.path ?? ''}: ${detail.message ?? ''}`)].join(' ');
}

/** The text of an article, to create a draft or edit one; `submit` answers with a refusal's text, or nothing. */
export function ArticleForm({ initial, submitLabel, submit }: { initial?: ArticleFields; submitLabel: string; submit: (fields: ArticleFields) => Promise<string | undefined> }) {
  const [slug, setSlug] = useState(initial?.slug ?? '');
  const [title, setTitle] = useState(initial?.title ?? '');
  const [summary, setSummary] = useState(initial?.summary ?? '');
  const [body, setBody] = useState(initial?.body ?? '');
  const [tags, setTags] = useState(initial?.tags.join(', ') ?? '');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const send = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    const fields = { slug, title, summary, body, tags: tags.split(',').map((tag) => tag.trim()).filter(Boolean) };
    setError(await submit(fields));
    setBusy(false);
  };

  return (
    <form onSubmit={send}>
      <Field id="slug" label="Slug (the address: lowercase words joined by hyphens)" required value={slug} onInput={setSlug} />
      <Field id="title" label="Title" required value={title} onInput={setTitle} />
      <Field id="summary" label="Summary" required value={summary} onInput={setSummary} />
      <div class="field">
        <label for="body">Body (paragraphs separated by a blank line)</label>
        <textarea id="body" rows={10} required value={body} onInput={(event) => setBody(event.currentTarget.value)} />
      </div>
      <Field id="tags" label="Tags (separated by commas)" value={tags} onInput={setTags} />
      {error && <p class="error" role="alert">{error}</p>}
      <button type="submit" disabled={busy}>{submitLabel}</button>
    </form>
  );
}
