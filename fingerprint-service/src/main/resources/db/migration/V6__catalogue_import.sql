-- Dumps imported into this catalogue (CatalogueImporter), by the checksum of their manifest: the
-- same dump imported twice is recognised and changes nothing the second time.
CREATE TABLE catalogue_import (
    manifest_sha256 text PRIMARY KEY,
    snapshot        timestamp with time zone NOT NULL,
    imported        timestamp with time zone NOT NULL DEFAULT now()
);
