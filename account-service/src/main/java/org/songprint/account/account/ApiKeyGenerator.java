package org.songprint.account.account;

import java.security.SecureRandom;

/**
 * New API keys: 32 characters drawn uniformly from [A-Za-z0-9] by a SecureRandom, 190 bits of
 * entropy. Letters and digits only, so a key survives copy and paste, URLs and form bodies untouched.
 */
public final class ApiKeyGenerator {

    public static final int LENGTH = 32;
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeyGenerator() {
    }

    public static String newKey() {
        char[] key = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            key[i] = ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length()));
        }
        return new String(key);
    }
}
