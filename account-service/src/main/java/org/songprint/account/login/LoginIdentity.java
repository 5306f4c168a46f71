package org.songprint.account.login;

/**
 * Who a login provider says the user is: the provider (OIDC tenant) and its kind, the token's issuer
 * and subject (unique together), and a display name for a new account.
 */
public record LoginIdentity(String provider, LoginProviders.Kind kind, String issuer, String subject, String name) {

    /** The {@code account_openid.openid} value: OIDC subjects are unique per issuer only. */
    public String openid() {
        return issuer + "#" + subject;
    }
}
