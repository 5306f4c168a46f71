package org.songprint.account.account;

import io.quarkus.qute.TemplateData;

/** A login identity linked to an account: the provider kind and who the provider says it is. */
@TemplateData
public record LinkedLogin(String kind, String issuer, String subject) {
}
