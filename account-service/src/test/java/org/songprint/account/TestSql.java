package org.songprint.account;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;

/** Plain JDBC for tests that set up or check rows of the test database directly ({@code @Inject TestSql sql}). */
@Singleton
public class TestSql {

    private final DataSource dataSource;

    public TestSql(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A key no other test uses: {@code prefix} then 32 random hex digits. */
    public static String newKey(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "");
    }

    /** The fresh keys of {@link #accountWithApplications}: the account's, its active and its inactive application's. */
    public record AccountKeys(String userKey, String clientKey, String inactiveKey) {
    }

    /**
     * A new account {@code accountName} with a fresh user key, its active application 'app' and its
     * inactive one 'old', each with a fresh key.
     */
    public AccountKeys accountWithApplications(String accountName) throws SQLException {
        AccountKeys keys = new AccountKeys(newKey("u"), newKey("c"), newKey("i"));
        update("WITH a AS (INSERT INTO account (name, apikey) VALUES (?, ?) RETURNING id) "
                + "INSERT INTO application (name, apikey, account_id, active) SELECT 'app', ?, id, true FROM a UNION ALL "
                + "SELECT 'old', ?, id, false FROM a", accountName, keys.userKey(), keys.clientKey(), keys.inactiveKey());
        return keys;
    }

    /** Runs a statement; answers the rows it changed. */
    public int update(String statement, Object... args) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement ps = prepare(connection, statement, args)) {
            return ps.executeUpdate();
        }
    }

    /** The first column of the first row, or null without rows. */
    public String string(String query, Object... args) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement ps = prepare(connection, query, args);
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** The first column of the first row as a number, or -1 without rows. */
    public int integer(String query, Object... args) throws SQLException {
        String value = string(query, args);
        return value == null ? -1 : Integer.parseInt(value);
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... args) throws SQLException {
        PreparedStatement ps = connection.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
        return ps;
    }
}
