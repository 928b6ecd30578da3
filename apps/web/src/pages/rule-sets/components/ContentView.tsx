// A version's content, read-only: the structured form (disabled) where the kind has one, and the
// JSON as stored. Past versions are shown the same way.
import type { RuleSetKind } from '@cwp/core';
import { Form, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { contentToForm, hasStructuredForm } from '../content-form';
import { StructuredFields } from './StructuredFields';

export function ContentView({ kind, content }: { kind: RuleSetKind; content: unknown }) {
  const { t } = useTranslation();
  const json = (
    <pre className="cwp-json" data-testid="rule-set-json">
      {JSON.stringify(content, null, 2)}
    </pre>
  );
  if (!hasStructuredForm(kind)) return json;
  return (
    <Tabs
      size="small"
      items={[
        {
          key: 'form',
          label: t('careerRules.editor.formTab'),
          children: (
            <Form layout="vertical" disabled initialValues={contentToForm(kind, content)}>
              <StructuredFields kind={kind} />
            </Form>
          ),
        },
        { key: 'json', label: t('careerRules.editor.jsonTab'), children: json },
      ]}
    />
  );
}
