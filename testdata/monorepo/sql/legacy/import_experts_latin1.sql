-- Importación de la hoja de cálculo de expertos (Latin-1)
insert into experts (full_name, bio) values ('José García', 'Neurociéncia');
