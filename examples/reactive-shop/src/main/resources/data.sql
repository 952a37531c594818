insert into orders (item) values ('kettle');
insert into orders (item) values ('teapot');
