// Menu entries of the daily-work screens: the worker's own attendance and the managers' view.
import { CalendarOutlined, CheckSquareOutlined } from '@ant-design/icons';
import type { NavItem } from '../../layout/nav';

export const ATTENDANCE_NAV_ITEMS: NavItem[] = [
  {
    path: '/my-attendance',
    permission: 'self:service',
    label: 'menu.myAttendance',
    description: 'home.linkMyAttendance',
    icon: <CheckSquareOutlined />,
  },
  {
    path: '/attendance',
    permission: 'attendance:read',
    label: 'menu.attendance',
    description: 'home.linkAttendance',
    icon: <CalendarOutlined />,
  },
];
