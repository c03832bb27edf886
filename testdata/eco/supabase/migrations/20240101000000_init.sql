create table experts (id uuid primary key, name text);
create table domains (id uuid primary key, name text);
