-- Twelve references and twelve mentions, past GitHub's ten annotations of each.
select * from experts where id = 0;
select * from experts where id = 1;
select * from experts where id = 2;
select * from experts where id = 3;
select * from experts where id = 4;
select * from experts where id = 5;
select * from experts where id = 6;
select * from experts where id = 7;
select * from experts where id = 8;
select * from experts where id = 9;
select * from experts where id = 10;
select * from experts where id = 11;
