-- last queries run from the SQL console
select * from experts order by created_at desc limit 20;
select count(*) from emails where status = 'unread';
