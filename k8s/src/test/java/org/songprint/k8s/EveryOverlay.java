package org.songprint.k8s;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A test run once for each overlay under k8s/overlays ({@link Manifests#overlays}), named after it and
 * given its name: a new overlay is covered by every such test.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "{0}")
@MethodSource("org.songprint.k8s.Manifests#overlays")
@interface EveryOverlay {
}
