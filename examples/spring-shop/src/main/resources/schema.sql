create table if not exists orders (id bigint auto_increment primary key, product_id bigint not null, quantity int not null);
