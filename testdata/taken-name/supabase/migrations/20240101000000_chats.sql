create table public.chats (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id),
  title text
);

create table public.chat_history (
  id bigserial primary key,
  chat_id uuid not null references public.chats (id) on delete cascade,
  role text not null,
  content text not null
);
