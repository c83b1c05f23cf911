"""Reading: files and folders of any supported kind into decoded documents with metadata."""

from phrasebook.read.documents import Document, ReadFailure, read_documents

__all__ = ["Document", "ReadFailure", "read_documents"]
