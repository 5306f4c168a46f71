package org.songprint.account.catalogue;

import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateExtension;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.songprint.common.catalogue.CatalogueFingerprint;
import org.songprint.common.catalogue.CatalogueRecording;
import org.songprint.common.catalogue.CatalogueStats;
import org.songprint.common.catalogue.CatalogueTrack;
import org.songprint.common.catalogue.RecordingName;

/** How the catalogue pages write dates and lengths; and the contract's records, readable by the templates. */
@TemplateData(target = CatalogueTrack.class)
@TemplateData(target = CatalogueTrack.Fingerprint.class)
@TemplateData(target = CatalogueTrack.Recording.class)
@TemplateData(target = CatalogueTrack.Change.class)
@TemplateData(target = CatalogueTrack.Puid.class)
@TemplateData(target = CatalogueTrack.ForeignId.class)
@TemplateData(target = CatalogueTrack.Metadata.class)
@TemplateData(target = CatalogueFingerprint.class)
@TemplateData(target = CatalogueRecording.class)
@TemplateData(target = CatalogueStats.class)
@TemplateData(target = CatalogueRecording.Link.class)
@TemplateData(target = RecordingName.class)
@TemplateExtension
public final class CatalogueFormat {

    private CatalogueFormat() {
    }

    /** The day, in UTC (as AcoustID's pages show it). */
    static String day(OffsetDateTime time) {
        return time == null ? "" : time.withOffsetSameInstant(ZoneOffset.UTC).toLocalDate().toString();
    }

    /** A length in seconds as m:ss. */
    static String minutes(Integer seconds) {
        return String.format("%d:%02d", seconds / 60, seconds % 60);
    }
}
