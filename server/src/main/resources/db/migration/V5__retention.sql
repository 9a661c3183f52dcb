-- Page views are deleted after the retention period (serve --page-view-days), oldest first, in bounded chunks.
CREATE INDEX page_view_by_time ON page_view (viewed_at);
