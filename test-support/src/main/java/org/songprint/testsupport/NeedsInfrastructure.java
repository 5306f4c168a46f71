package org.songprint.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test class that talks to the real PostgreSQL, Redis, Kafka or Keycloak without being a
 * {@code @QuarkusTest} (those are integration tests already): left out of the unit tier ({@link TestTier}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface NeedsInfrastructure {
}
