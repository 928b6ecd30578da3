// Daily work: /my-attendance for a worker (check-in, leave balances and requests, work logs, own
// duty days) and /attendance for managers (monthly summary with export, leave approval, duty
// roster, work logs, holiday calendar).
import {
  HOLIDAY_KINDS,
  LEAVE_TYPES,
  WORK_LOG_CATEGORIES,
  type AttendanceSummaryView,
  type DutyEntryView,
  type HolidayView,
  type LeaveType,
  type LeaveView,
  type MyAttendanceView,
  type WorkLogCategory,
  type WorkLogView,
} from '@cwp/contracts';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestError } from '../../api/useRequestError';
import { useAuth } from '../../auth/context';
import { attendanceApi } from './api';

const P = 'management.attendance';

function LeaveStatus({ status }: { status: LeaveView['status'] }) {
  const { t } = useTranslation();
  const color = { pending: 'gold', approved: 'green', rejected: 'red', cancelled: 'default' }[
    status
  ];
  return <Tag color={color}>{t(`${P}.statuses.${status}`)}</Tag>;
}

export function MyAttendancePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useRequestError();
  const [mine, setMine] = useState<MyAttendanceView | null>(null);
  const [logs, setLogs] = useState<WorkLogView[]>([]);
  const [note, setNote] = useState('');
  const [leaveForm] = Form.useForm();
  const [logForm] = Form.useForm();

  const load = useCallback(() => {
    attendanceApi.mine().then(setMine, onError);
    attendanceApi.myLogs().then((p) => setLogs(p.items), onError);
  }, [onError]);
  useEffect(load, [load]);

  const checkIn = () =>
    attendanceApi.checkIn(note.trim() || null).then(() => {
      void message.success(t(`${P}.checkInDone`));
      load();
    }, onError);

  const submitLeave = (v: { leaveType: string; range: [Dayjs, Dayjs]; reason?: string }) =>
    attendanceApi
      .requestLeave({
        leaveType: v.leaveType as (typeof LEAVE_TYPES)[number],
        startDate: v.range[0].format('YYYY-MM-DD'),
        endDate: v.range[1].format('YYYY-MM-DD'),
        reason: v.reason?.trim() || null,
      })
      .then(() => {
        void message.success(t(`${P}.submitted`));
        leaveForm.resetFields();
        load();
      }, onError);

  const writeLog = (v: { category: string; content: string }) =>
    attendanceApi
      .writeLog({
        category: v.category as (typeof WORK_LOG_CATEGORIES)[number],
        content: v.content,
      })
      .then(() => {
        void message.success(t('common.saved'));
        logForm.resetFields();
        load();
      }, onError);

  return (
    <Space direction="vertical" size={16} style={{ width: '100%', maxWidth: 720 }}>
      <Card title={t(`${P}.myTitle`)}>
        {mine?.todayCheckIn ? (
          <Alert
            type="success"
            data-testid="checked-in"
            message={t(`${P}.checkedIn`, {
              time: dayjs(mine.todayCheckIn.checkedAt).format('HH:mm'),
            })}
          />
        ) : (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Input
              placeholder={t(`${P}.locationNote`)}
              value={note}
              maxLength={200}
              onChange={(e) => setNote(e.target.value)}
            />
            <Button
              type="primary"
              size="large"
              block
              onClick={() => void checkIn()}
              data-testid="check-in"
            >
              {t(`${P}.checkIn`)}
            </Button>
          </Space>
        )}
      </Card>
      <Card title={t(`${P}.balances`)} size="small">
        <Table
          size="small"
          rowKey="leaveType"
          pagination={false}
          dataSource={mine?.balances ?? []}
          columns={[
            {
              title: t(`${P}.leaveType`),
              dataIndex: 'leaveType',
              render: (v: LeaveType) => t(`${P}.leaveTypes.${v}`),
            },
            {
              title: t(`${P}.quota`),
              dataIndex: 'quota',
              render: (v: number | null) => v ?? t(`${P}.unlimited`),
            },
            { title: t(`${P}.used`), dataIndex: 'used' },
            { title: t(`${P}.pending`), dataIndex: 'pending' },
            {
              title: t(`${P}.remaining`),
              dataIndex: 'remaining',
              render: (v: number | null) => v ?? '—',
            },
          ]}
        />
      </Card>
      <Card title={t(`${P}.requestLeave`)} size="small">
        <Form form={leaveForm} layout="vertical" onFinish={(v) => void submitLeave(v)}>
          <Form.Item name="leaveType" label={t(`${P}.leaveType`)} rules={[{ required: true }]}>
            <Select
              options={LEAVE_TYPES.map((v) => ({ value: v, label: t(`${P}.leaveTypes.${v}`) }))}
            />
          </Form.Item>
          <Form.Item
            name="range"
            label={`${t(`${P}.startDate`)} – ${t(`${P}.endDate`)}`}
            rules={[{ required: true }]}
          >
            <DatePicker.RangePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="reason" label={t(`${P}.reason`)}>
            <Input maxLength={500} />
          </Form.Item>
          <Button htmlType="submit" type="primary">
            {t(`${P}.submit`)}
          </Button>
        </Form>
        <Table
          style={{ marginTop: 16 }}
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={mine?.leaves ?? []}
          columns={[
            {
              title: t(`${P}.leaveType`),
              dataIndex: 'leaveType',
              render: (v: LeaveType) => t(`${P}.leaveTypes.${v}`),
            },
            { title: t(`${P}.startDate`), dataIndex: 'startDate' },
            { title: t(`${P}.endDate`), dataIndex: 'endDate' },
            { title: t(`${P}.days`), dataIndex: 'days' },
            {
              title: t(`${P}.status`),
              dataIndex: 'status',
              render: (v: LeaveView['status']) => <LeaveStatus status={v} />,
            },
          ]}
        />
      </Card>
      <Card title={t(`${P}.workLogs`)} size="small">
        <Form form={logForm} layout="vertical" onFinish={(v) => void writeLog(v)}>
          <Form.Item name="category" label={t(`${P}.category`)} rules={[{ required: true }]}>
            <Select
              options={WORK_LOG_CATEGORIES.map((v) => ({
                value: v,
                label: t(`${P}.categories.${v}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="content" label={t(`${P}.content`)} rules={[{ required: true }]}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          <Button htmlType="submit">{t(`${P}.writeLog`)}</Button>
        </Form>
        <Table
          style={{ marginTop: 16 }}
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={logs}
          columns={[
            { title: t(`${P}.day`), dataIndex: 'day', width: 110 },
            {
              title: t(`${P}.category`),
              dataIndex: 'category',
              width: 100,
              render: (v: WorkLogCategory) => t(`${P}.categories.${v}`),
            },
            { title: t(`${P}.content`), dataIndex: 'content' },
          ]}
        />
      </Card>
      {mine && mine.duty.length > 0 && (
        <Card title={t(`${P}.upcomingDuty`)} size="small">
          {mine.duty.map((d) => (
            <Tag key={d.day}>
              {d.day} {d.orgUnitName}
            </Tag>
          ))}
        </Card>
      )}
    </Space>
  );
}

function SummaryTab() {
  const { t } = useTranslation();
  const onError = useRequestError();
  const [month, setMonth] = useState(dayjs().subtract(1, 'month').format('YYYY-MM'));
  const [data, setData] = useState<AttendanceSummaryView | null>(null);
  useEffect(() => {
    attendanceApi.summary(month).then(setData, onError);
  }, [month, onError]);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <DatePicker
          picker="month"
          allowClear={false}
          value={dayjs(`${month}-01`)}
          onChange={(d) => d && setMonth(d.format('YYYY-MM'))}
        />
        <Button onClick={() => void attendanceApi.exportSummary(month).catch(onError)}>
          {t(`${P}.export`)}
        </Button>
        {data?.countedTo && (
          <Typography.Text type="secondary">
            {t(`${P}.countedTo`, { day: data.countedTo })}
          </Typography.Text>
        )}
      </Space>
      <Table
        size="small"
        rowKey="workerId"
        dataSource={data?.rows ?? []}
        columns={[
          { title: t(`${P}.worker`), dataIndex: 'name' },
          { title: t(`${P}.unit`), dataIndex: 'orgUnitName' },
          { title: t(`${P}.workingDays`), dataIndex: 'workingDays' },
          { title: t(`${P}.daysPresent`), dataIndex: 'daysPresent' },
          { title: t(`${P}.leaveDays`), dataIndex: 'leaveDays' },
          { title: t(`${P}.dutyDays`), dataIndex: 'dutyDays' },
          {
            title: t(`${P}.unexcused`),
            dataIndex: 'unexcusedAbsenceDays',
            render: (v: number) =>
              v > 0 ? <Typography.Text type="danger">{v}</Typography.Text> : v,
          },
        ]}
      />
    </Space>
  );
}

function LeavesTab({ canManage }: { canManage: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useRequestError();
  const [items, setItems] = useState<LeaveView[]>([]);
  const load = useCallback(() => {
    attendanceApi.leaves().then((p) => setItems(p.items), onError);
  }, [onError]);
  useEffect(load, [load]);
  const decide = (l: LeaveView, decision: 'approve' | 'reject') =>
    attendanceApi.decide(l.id, { version: l.version, decision }).then(() => {
      void message.success(t(`${P}.decided`));
      load();
    }, onError);
  return (
    <Table
      size="small"
      rowKey="id"
      dataSource={items}
      columns={[
        { title: t(`${P}.worker`), dataIndex: 'workerName' },
        { title: t(`${P}.unit`), dataIndex: 'orgUnitName' },
        {
          title: t(`${P}.leaveType`),
          dataIndex: 'leaveType',
          render: (v: LeaveType) => t(`${P}.leaveTypes.${v}`),
        },
        { title: t(`${P}.startDate`), dataIndex: 'startDate' },
        { title: t(`${P}.endDate`), dataIndex: 'endDate' },
        { title: t(`${P}.days`), dataIndex: 'days' },
        { title: t(`${P}.reason`), dataIndex: 'reason' },
        {
          title: t(`${P}.status`),
          dataIndex: 'status',
          render: (v: LeaveView['status']) => <LeaveStatus status={v} />,
        },
        {
          title: '',
          render: (_: unknown, l: LeaveView) =>
            canManage && l.status === 'pending' ? (
              <Space>
                <Button size="small" type="primary" onClick={() => void decide(l, 'approve')}>
                  {t(`${P}.approve`)}
                </Button>
                <Button size="small" danger onClick={() => void decide(l, 'reject')}>
                  {t(`${P}.reject`)}
                </Button>
              </Space>
            ) : null,
        },
      ]}
    />
  );
}

function DutyTab({ canManage }: { canManage: boolean }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const onError = useRequestError();
  const unitId = user?.orgUnit.id ?? 0;
  const [month, setMonth] = useState(dayjs().format('YYYY-MM'));
  const [rows, setRows] = useState<DutyEntryView[]>([]);
  const [form] = Form.useForm();
  useEffect(() => {
    attendanceApi.duty(unitId, month).then(setRows, onError);
  }, [unitId, month, onError]);
  const add = (v: { day: Dayjs; workerId: number }) =>
    attendanceApi
      .addDuty({ orgUnitId: unitId, day: v.day.format('YYYY-MM-DD'), workerId: v.workerId })
      .then((r) => {
        setRows(r);
        form.resetFields();
      }, onError);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <DatePicker
        picker="month"
        allowClear={false}
        value={dayjs(`${month}-01`)}
        onChange={(d) => d && setMonth(d.format('YYYY-MM'))}
      />
      {canManage && (
        <Form form={form} layout="inline" onFinish={(v) => void add(v)}>
          <Form.Item name="day" rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="workerId" rules={[{ required: true }]}>
            <InputNumber placeholder={t(`${P}.workerId`)} min={1} />
          </Form.Item>
          <Button htmlType="submit">{t(`${P}.addDuty`)}</Button>
        </Form>
      )}
      <Table
        size="small"
        rowKey="id"
        dataSource={rows}
        columns={[
          { title: t(`${P}.day`), dataIndex: 'day' },
          { title: t(`${P}.worker`), dataIndex: 'workerName' },
          { title: t(`${P}.note`), dataIndex: 'note' },
        ]}
      />
    </Space>
  );
}

function LogsTab() {
  const { t } = useTranslation();
  const onError = useRequestError();
  const [items, setItems] = useState<WorkLogView[]>([]);
  useEffect(() => {
    attendanceApi.logs().then((p) => setItems(p.items), onError);
  }, [onError]);
  return (
    <Table
      size="small"
      rowKey="id"
      dataSource={items}
      columns={[
        { title: t(`${P}.day`), dataIndex: 'day', width: 110 },
        { title: t(`${P}.worker`), dataIndex: 'workerName', width: 100 },
        {
          title: t(`${P}.category`),
          dataIndex: 'category',
          width: 100,
          render: (v: WorkLogCategory) => t(`${P}.categories.${v}`),
        },
        { title: t(`${P}.content`), dataIndex: 'content' },
      ]}
    />
  );
}

function HolidaysTab({ canManage }: { canManage: boolean }) {
  const { t } = useTranslation();
  const onError = useRequestError();
  const [year, setYear] = useState(dayjs().year());
  const [rows, setRows] = useState<HolidayView[]>([]);
  const [form] = Form.useForm();
  useEffect(() => {
    attendanceApi.holidays(year).then(setRows, onError);
  }, [year, onError]);
  const save = (v: { day: Dayjs; kind: 'holiday' | 'workday'; name: string }) =>
    attendanceApi
      .putHoliday({ day: v.day.format('YYYY-MM-DD'), kind: v.kind, name: v.name })
      .then((r) => {
        setRows(r);
        form.resetFields();
      }, onError);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <InputNumber
        value={year}
        min={2000}
        max={2100}
        onChange={(v) => v && setYear(v)}
        addonBefore={t(`${P}.year`)}
      />
      {canManage && (
        <Form form={form} layout="inline" onFinish={(v) => void save(v)}>
          <Form.Item name="day" rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="kind" rules={[{ required: true }]}>
            <Select
              style={{ width: 140 }}
              placeholder={t(`${P}.holidayKind`)}
              options={HOLIDAY_KINDS.map((k) => ({ value: k, label: t(`${P}.holidayKinds.${k}`) }))}
            />
          </Form.Item>
          <Form.Item name="name" rules={[{ required: true }]}>
            <Input placeholder={t(`${P}.name`)} maxLength={50} />
          </Form.Item>
          <Button htmlType="submit">{t(`${P}.save`)}</Button>
        </Form>
      )}
      <Table
        size="small"
        rowKey="day"
        dataSource={rows}
        columns={[
          { title: t(`${P}.day`), dataIndex: 'day' },
          {
            title: t(`${P}.holidayKind`),
            dataIndex: 'kind',
            render: (v: HolidayView['kind']) => t(`${P}.holidayKinds.${v}`),
          },
          { title: t(`${P}.name`), dataIndex: 'name' },
        ]}
      />
    </Space>
  );
}

export function AttendancePage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const canManage = can('attendance:manage');
  return (
    <Card title={t(`${P}.title`)}>
      <Typography.Paragraph type="secondary">{t(`${P}.intro`)}</Typography.Paragraph>
      <Tabs
        items={[
          { key: 'summary', label: t(`${P}.summary`), children: <SummaryTab /> },
          { key: 'leaves', label: t(`${P}.leaves`), children: <LeavesTab canManage={canManage} /> },
          { key: 'duty', label: t(`${P}.duty`), children: <DutyTab canManage={canManage} /> },
          { key: 'logs', label: t(`${P}.workLogs`), children: <LogsTab /> },
          {
            key: 'holidays',
            label: t(`${P}.holidays`),
            children: <HolidaysTab canManage={canManage} />,
          },
        ]}
      />
    </Card>
  );
}
