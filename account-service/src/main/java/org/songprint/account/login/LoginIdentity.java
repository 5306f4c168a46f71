package org.songprint.account.login;

/**
 * Who a login provider says the user is: the provider (OIDC tenant) and its kind, the token's issuer
 * and subject (unique together), and the name and email the ID token gives (either may be null).
 */
public record LoginIdentity(String provider, LoginProviders.Kind kind, String issuer, String subject, String name,
        String email) {

    /** The {@code account_openid.openid} value: OIDC subjects are unique per issuer only. */
    public String openid() {
        return issuer + "#" + subject;
    }

    /** The key of the link row: {@code account_openid.openid} or {@code account_google.google_user_id}. */
    public String linkKey() {
        return kind == LoginProviders.Kind.GOOGLE ? subject : openid();
    }

    /** The name of an account this identity creates. */
    public String accountName() {
        if (name != null) {
            return name;
        }
        return email != null ? email : "Songprint user";
    }
}
