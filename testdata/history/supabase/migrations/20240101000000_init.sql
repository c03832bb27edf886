CREATE TABLE public.notes (id bigint PRIMARY KEY, body text NOT NULL);
CREATE TABLE public.experts (id bigint PRIMARY KEY, name text NOT NULL);
