// Printable A4 sheets of one-time codes: a grid of slips, each with the QR code of the survey link,
// the code in large letters and a short note. Printed with the browser (system Chinese fonts);
// everything but the sheet is hidden while printing.
import qrcode from 'qrcode-generator';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { surveyLink } from './api';

const PER_PAGE = 12;

function qrDataUrl(text: string): string {
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  return qr.createDataURL(4, 2);
}

export function CodeSheet(props: {
  campaignId: number;
  title: string;
  community: string;
  codes: string[];
}) {
  const { t } = useTranslation();
  const slips = useMemo(
    () => props.codes.map((code) => ({ code, qr: qrDataUrl(surveyLink(props.campaignId, code)) })),
    [props.codes, props.campaignId],
  );
  const pages: (typeof slips)[] = [];
  for (let i = 0; i < slips.length; i += PER_PAGE) pages.push(slips.slice(i, i + PER_PAGE));
  return (
    <div className="survey-code-sheet" data-testid="code-sheet">
      <style>{`
        .survey-code-sheet .page { width: 190mm; display: grid; grid-template-columns: repeat(3, 1fr);
          gap: 4mm; page-break-after: always; break-after: page; margin-bottom: 8mm; }
        .survey-code-sheet .slip { border: 1px dashed #999; padding: 3mm; text-align: center;
          font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif;
          height: 62mm; box-sizing: border-box; overflow: hidden; }
        .survey-code-sheet .slip img { width: 30mm; height: 30mm; }
        .survey-code-sheet .code { font-family: monospace; font-size: 11pt; letter-spacing: 1px; }
        .survey-code-sheet .title { font-size: 9pt; font-weight: 600; }
        .survey-code-sheet .hint { font-size: 7pt; color: #444; }
        @media print {
          @page { size: A4; margin: 10mm; }
          body * { visibility: hidden; }
          .survey-code-sheet, .survey-code-sheet * { visibility: visible; }
          .survey-code-sheet { position: absolute; left: 0; top: 0; }
        }
      `}</style>
      {pages.map((page, i) => (
        <div className="page" key={i}>
          {page.map((s) => (
            <div className="slip" key={s.code}>
              <div className="title">
                {t('surveys.sheetTitle', { community: props.community, title: props.title })}
              </div>
              <img src={s.qr} alt="" />
              <div className="code">
                {t('surveys.sheetCode')}：{s.code}
              </div>
              <div className="hint">{t('surveys.sheetHint')}</div>
            </div>
          ))}
        </div>
      ))}
    </div>
  );
}
