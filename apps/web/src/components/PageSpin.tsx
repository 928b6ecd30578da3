import { Spin } from 'antd';

export function PageSpin() {
  return (
    <div className="cwp-page-spin">
      <Spin size="large" />
    </div>
  );
}
