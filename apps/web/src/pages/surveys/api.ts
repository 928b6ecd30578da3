// Survey endpoints for the organiser screens and the public phone form.
import {
  generatedCodes,
  publicSurveyView,
  submitSurveyResult,
  surveyCampaignList,
  surveyCampaignView,
  surveyResults,
  type CreateSurveyCampaignBody,
  type SubmitSurveyBody,
  type UpdateSurveyCampaignBody,
} from '@cwp/contracts';
import { api, downloadFile } from '../../api/client';

const base = '/api/surveys';

export const surveysApi = {
  list: (query: { after?: number | undefined; pageSize: number; year?: number | undefined }) =>
    api.get(base, surveyCampaignList, query),
  get: (id: number) => api.get(`${base}/${id}`, surveyCampaignView),
  create: (body: CreateSurveyCampaignBody) => api.post(base, surveyCampaignView, body),
  update: (id: number, body: UpdateSurveyCampaignBody) =>
    api.put(`${base}/${id}`, surveyCampaignView, body),
  setStatus: (id: number, version: number, status: 'open' | 'closed' | 'published') =>
    api.post(`${base}/${id}/status`, surveyCampaignView, { version, status }),
  generate: (id: number, count: number, expiresOn?: string) =>
    api.post(`${base}/${id}/codes`, generatedCodes, {
      count,
      ...(expiresOn ? { expiresOn } : {}),
    }),
  results: (id: number) => api.get(`${base}/${id}/results`, surveyResults),
  exportResults: (id: number) =>
    downloadFile(`${base}/${id}/results.xlsx`, { fallbackName: `survey-${id}.xlsx` }),
};

export const publicSurveysApi = {
  get: (id: number) => api.get(`/api/public/surveys/${id}`, publicSurveyView),
  submit: (id: number, body: SubmitSurveyBody) =>
    api.post(`/api/public/surveys/${id}/responses`, submitSurveyResult, body),
};

/** The link printed in each QR code. */
export function surveyLink(campaignId: number, code: string): string {
  return `${window.location.origin}/public/surveys/${campaignId}?code=${encodeURIComponent(code)}`;
}
