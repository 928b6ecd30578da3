// The roster (花名册): workers in the caller's subtree, filtered and sorted on the server. The
// next page is fetched with the keyset cursor of the previous one, so deep pages stay fast; a
// jump to a far page falls back to the page number. Filters live in the address bar.
import { FileExcelOutlined, ImportOutlined, PlusOutlined } from '@ant-design/icons';
import type { WorkerSummary } from '@cwp/contracts';
import { App, Button, Card, Space, Table, Typography } from 'antd';
import type { TablePaginationConfig } from 'antd';
import type { ColumnType } from 'antd/es/table';
import type { SorterResult } from 'antd/es/table/interface';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useRequestError } from '../../api/useRequestError';
import { useAuth } from '../../auth/context';
import { workersApi, type RosterSort } from './api';
import { ColumnChooser, useVisibleColumns, type ChoosableColumn } from './components/ColumnChooser';
import { ExportButton } from './components/ExportButton';
import { StatusTag, useWorkerLabels } from './components/labels';
import { RosterFilters } from './components/RosterFilters';
import {
  filterOf,
  PAGE_SIZES,
  parseRosterParams,
  rosterParams,
  sameListing,
  type RosterState,
} from './roster-query';

const DEFAULT_COLUMNS = [
  'name',
  'sex',
  'age',
  'birthDate',
  'idNumber',
  'phone',
  'orgUnit',
  'category',
  'post',
  'grade',
  'status',
  'hireDate',
] as const;

interface Listing {
  items: WorkerSummary[];
  total: number;
}

type Column = ColumnType<WorkerSummary> & { key: string };

/** Sortable columns and the server's sort each one stands for. */
const COLUMN_SORT: Readonly<Record<string, RosterSort>> = {
  name: 'name',
  birthDate: 'birthDate',
  orgUnit: 'unit',
  hireDate: 'hireDate',
};

export function WorkersPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const onError = useRequestError();
  const labels = useWorkerLabels();
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => parseRosterParams(params), [params]);
  const filter = useMemo(() => filterOf(state), [state]);
  const [data, setData] = useState<Listing>({ items: [], total: 0 });
  const [loading, setLoading] = useState(true);
  const [templateBusy, setTemplateBusy] = useState(false);
  const [visible, setVisible] = useVisibleColumns(DEFAULT_COLUMNS);
  // Cursors of the pages reached so far for the current listing: page n+1 ← nextCursor of page n.
  const cursors = useRef<{ listing: RosterState | null; byPage: Map<number, string> }>({
    listing: null,
    byPage: new Map(),
  });

  useEffect(() => {
    const ac = new AbortController();
    const known = cursors.current;
    const sameList = known.listing !== null && sameListing(known.listing, state);
    if (!sameList) {
      known.listing = state;
      known.byPage = new Map();
    }
    const cursor = state.page > 1 ? known.byPage.get(state.page) : undefined;
    setLoading(true);
    workersApi
      .list(
        {
          ...filterOf(state),
          sort: state.sort,
          page: state.page,
          pageSize: state.pageSize,
          cursor,
          // The count does not change between pages of the same listing.
          withTotal: !(sameList && cursor),
        },
        ac.signal,
      )
      .then((res) => {
        if (res.nextCursor) known.byPage.set(state.page + 1, res.nextCursor);
        setData((prev) => ({ items: res.items, total: res.total ?? prev.total }));
      })
      .catch(onError)
      .finally(() => {
        if (!ac.signal.aborted) setLoading(false);
      });
    return () => ac.abort();
  }, [state, onError]);

  const update = (next: Partial<RosterState>) =>
    setParams(rosterParams({ ...state, ...next }), { replace: false });

  const downloadTemplate = async () => {
    setTemplateBusy(true);
    try {
      await workersApi.downloadTemplate();
      void message.success(t('workers.templateDownloaded'));
    } catch (err) {
      onError(err);
    } finally {
      setTemplateBusy(false);
    }
  };

  const sortable = (key: RosterSort) => ({
    sorter: true,
    sortDirections: ['ascend' as const],
    sortOrder: state.sort === key ? ('ascend' as const) : null,
  });

  const allColumns: Column[] = [
    {
      key: 'name',
      title: t('workers.field.name'),
      dataIndex: 'name',
      width: 110,
      fixed: 'left',
      ...sortable('name'),
      render: (name: string, w) => (
        <Link to={`/workers/${w.id}`} onClick={(e) => e.stopPropagation()}>
          {name}
        </Link>
      ),
    },
    {
      key: 'sex',
      title: t('workers.field.sex'),
      dataIndex: 'sex',
      width: 64,
      render: (v: string) => labels.sex(v),
    },
    {
      key: 'age',
      title: t('workers.field.age'),
      dataIndex: 'age',
      width: 64,
      align: 'right',
    },
    {
      key: 'birthDate',
      title: t('workers.field.birthDate'),
      dataIndex: 'birthDate',
      width: 116,
      ...sortable('birthDate'),
    },
    {
      key: 'idNumber',
      title: t('workers.field.idNumber'),
      dataIndex: 'idNumberMasked',
      width: 176,
      className: 'cwp-mono',
    },
    {
      key: 'phone',
      title: t('workers.field.phone'),
      dataIndex: 'phoneMasked',
      width: 124,
      className: 'cwp-mono',
    },
    {
      key: 'orgUnit',
      title: t('workers.field.orgUnit'),
      dataIndex: 'orgUnitName',
      width: 140,
      ellipsis: true,
      ...sortable('unit'),
    },
    {
      key: 'category',
      title: t('workers.field.category'),
      dataIndex: 'category',
      width: 150,
      ellipsis: true,
      render: (v: string) => labels.dict('category', v),
    },
    {
      key: 'post',
      title: t('workers.field.post'),
      dataIndex: 'post',
      width: 96,
      render: (v: string) => labels.dict('post', v),
    },
    {
      key: 'grade',
      title: t('workers.field.grade'),
      dataIndex: 'grade',
      width: 84,
      render: (v: number | null) => labels.grade(v),
    },
    {
      key: 'status',
      title: t('workers.field.status'),
      dataIndex: 'status',
      width: 90,
      render: (v: WorkerSummary['status']) => <StatusTag status={v} />,
    },
    {
      key: 'education',
      title: t('workers.field.education'),
      dataIndex: 'education',
      width: 110,
      render: (v: string | null) => labels.dict('educationFullTime', v),
    },
    {
      key: 'politicalStatus',
      title: t('workers.field.politicalStatus'),
      dataIndex: 'politicalStatus',
      width: 150,
      ellipsis: true,
      render: (v: string) => labels.dict('politicalStatus', v),
    },
    {
      key: 'qualification',
      title: t('workers.filter.qualification'),
      dataIndex: 'qualification',
      width: 130,
      render: (v: string | null) => labels.dict('qualification', v),
    },
    {
      key: 'hireDate',
      title: t('workers.field.hireDate'),
      dataIndex: 'hireDate',
      width: 116,
      ...sortable('hireDate'),
    },
  ];

  const choosable: ChoosableColumn[] = allColumns.map((c) => ({
    key: c.key,
    title: String(c.title),
    fixed: c.key === 'name',
  }));
  const shown = new Set(visible);
  const columns = allColumns.filter((c) => c.key === 'name' || shown.has(c.key));
  const width = columns.reduce((sum, c) => sum + (typeof c.width === 'number' ? c.width : 120), 0);

  const onTableChange = (
    pagination: TablePaginationConfig,
    _filters: unknown,
    sorter: SorterResult<WorkerSummary> | SorterResult<WorkerSummary>[],
  ) => {
    const one = Array.isArray(sorter) ? sorter[0] : sorter;
    const picked = one?.order ? COLUMN_SORT[String(one.columnKey)] : undefined;
    const sort: RosterSort = picked ?? 'unit';
    const pageSize = pagination.pageSize ?? state.pageSize;
    const changedListing = sort !== state.sort || pageSize !== state.pageSize;
    update({ sort, pageSize, page: changedListing ? 1 : (pagination.current ?? 1) });
  };

  return (
    <Card>
      <div className="cwp-page-header">
        <Typography.Title level={4}>{t('workers.rosterTitle')}</Typography.Title>
        <Space wrap>
          {can('worker:manage') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => void navigate('/workers/new')}
            >
              {t('workers.create')}
            </Button>
          )}
          {can('worker:import') && (
            <Button icon={<ImportOutlined />} onClick={() => void navigate('/workers/import')}>
              {t('workers.import')}
            </Button>
          )}
          {can('worker:export') && <ExportButton filter={filter} />}
          {can('worker:import') && (
            <Button
              icon={<FileExcelOutlined />}
              loading={templateBusy}
              onClick={() => void downloadTemplate()}
            >
              {t('workers.downloadTemplate')}
            </Button>
          )}
        </Space>
      </div>
      <RosterFilters
        value={filter}
        dictionaries={labels.dictionaries}
        onSearch={(next) =>
          setParams(rosterParams({ ...next, sort: state.sort, pageSize: state.pageSize, page: 1 }))
        }
      />
      <div className="cwp-table-bar">
        <Typography.Text strong data-testid="roster-total">
          {t('workers.totalCount', { total: data.total })}
        </Typography.Text>
        <ColumnChooser
          columns={choosable}
          visible={visible}
          defaults={DEFAULT_COLUMNS}
          onChange={setVisible}
        />
      </div>
      <Table<WorkerSummary>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data.items}
        loading={loading}
        scroll={{ x: width }}
        onChange={onTableChange}
        onRow={(w) => ({
          onClick: () => void navigate(`/workers/${w.id}`),
          className: 'cwp-clickable-row',
        })}
        data-testid="roster-table"
        pagination={{
          current: state.page,
          pageSize: state.pageSize,
          total: data.total,
          showSizeChanger: true,
          pageSizeOptions: [...PAGE_SIZES],
          showTotal: (total) => t('workers.totalCount', { total }),
        }}
      />
    </Card>
  );
}
