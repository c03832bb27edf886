select count(*) from experts;
select * from domains;
