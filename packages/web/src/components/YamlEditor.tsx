// The scenario's YAML source in CodeMirror 6: syntax colours, aidc's own problems at their line
// (from the same parser the CLI uses), and key completion from the scenario JSON Schema.
import { useEffect, useRef } from 'react';
import { EditorView, basicSetup } from 'codemirror';
import { EditorState, Compartment } from '@codemirror/state';
import { yaml } from '@codemirror/lang-yaml';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { autocompletion } from '@codemirror/autocomplete';
import type { ScenarioIssue } from '@aidc/core';
import { schemaCompletion } from './schema-completion.js';

interface Props {
  readonly value: string;
  readonly onChange: (text: string) => void;
  readonly issues: readonly ScenarioIssue[];
  readonly schema: unknown;
  readonly readOnly: boolean;
  readonly label: string;
}

function diagnostics(view: EditorView, issues: readonly ScenarioIssue[]): Diagnostic[] {
  const doc = view.state.doc;
  return issues.map((i) => {
    const line = doc.line(Math.min(Math.max(i.line ?? 1, 1), doc.lines));
    const from = Math.min(line.from + Math.max((i.column ?? 1) - 1, 0), line.to);
    const detail = [
      i.expected ? `expected ${i.expected}` : '',
      i.found ? `found ${i.found}` : '',
      i.hint ?? '',
    ].filter(Boolean);
    return {
      from,
      to: Math.max(from + 1, line.to),
      severity: 'error',
      message: `${i.message}${detail.length ? ` — ${detail.join('; ')}` : ''}`,
    };
  });
}

export function YamlEditor({ value, onChange, issues, schema, readOnly, label }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onChangeRef = useRef(onChange);
  const editable = useRef(new Compartment());
  onChangeRef.current = onChange;

  useEffect(() => {
    if (!host.current) return;
    const v = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: value,
        extensions: [
          basicSetup,
          yaml(),
          EditorView.lineWrapping,
          lintGutter(),
          autocompletion({ override: [schemaCompletion(schema)] }),
          editable.current.of(EditorState.readOnly.of(readOnly)),
          EditorView.contentAttributes.of({ 'aria-label': label }),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) onChangeRef.current(u.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = v;
    return () => v.destroy();
    // The editor is made once; later values arrive through the effect below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value)
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
  }, [value]);

  // The problems come from parsing the text (after the plan's debounce): shown as they arrive.
  useEffect(() => {
    const v = view.current;
    if (v) v.dispatch(setDiagnostics(v.state, diagnostics(v, issues)));
  }, [issues]);

  useEffect(() => {
    view.current?.dispatch({
      effects: editable.current.reconfigure(EditorState.readOnly.of(readOnly)),
    });
  }, [readOnly]);

  return <div className="yaml-editor" ref={host} data-testid="yaml-editor" />;
}
