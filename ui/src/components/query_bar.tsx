// The filters as the query language (docs/query-language.md): what the
// panel's choices mean, editable by hand; Enter applies it.
import { useEffect, useState } from 'preact/hooks';

interface Props {
  query: string; // the applied query
  onApply: (q: string) => void;
}

export function QueryBar({ query, onApply }: Props) {
  const [text, setText] = useState(query);
  useEffect(() => setText(query), [query]);
  return (
    <form
      class="query-bar"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        onApply(text.trim());
      }}
    >
      <label for="query-input">Query</label>
      <input
        id="query-input"
        type="text"
        spellcheck={false}
        autocomplete="off"
        value={text}
        placeholder="e.g. action:app.* -status:success time:last-7d"
        onInput={(e) => setText((e.target as HTMLInputElement).value)}
      />
      <button type="submit">Apply</button>
    </form>
  );
}
