"""SQLAlchemy models of the worker, over the same database as the Supabase client."""

from sqlalchemy import Column, ForeignKey, Integer, String, Table
from sqlalchemy.orm import DeclarativeBase, relationship


class Base(DeclarativeBase):
    pass


expert_sources = Table(
    "sources_google",
    Base.metadata,
    Column("id", Integer, primary_key=True),
    Column("title", String),
)


class Expert(Base):
    __tablename__ = "experts"

    id = Column(Integer, primary_key=True)
    mentor_id = Column(Integer, ForeignKey("experts.id"))
    owner_id = Column(ForeignKey("auth.experts.id"))  # another schema's table
    sources = relationship("Source", secondary="sources_google", back_populates="experts")


class Source(Base):
    __tablename__ = "sources"

    id = Column(Integer, primary_key=True)
    expert_id = Column(Integer, ForeignKey("public.experts.id", ondelete="CASCADE"))
    experts = relationship("Expert", secondary="sources_google", back_populates="sources")
