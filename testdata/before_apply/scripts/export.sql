-- Nightly export and reload of the notes.
COPY notes TO STDOUT WITH (FORMAT csv);
COPY (SELECT * FROM notes) TO STDOUT;
\copy notes from 'notes.csv' with (format csv)
DELETE FROM notes WHERE body = '';
