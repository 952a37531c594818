create table if not exists orders (id bigint auto_increment primary key, item varchar(100) not null);
