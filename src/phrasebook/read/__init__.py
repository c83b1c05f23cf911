"""Reading: files and folders of any supported kind into decoded documents with metadata."""

from phrasebook.read.documents import Document, ReadFailure, read_documents
from phrasebook.read.stream import StreamedDocument

__all__ = ["Document", "ReadFailure", "StreamedDocument", "read_documents"]
