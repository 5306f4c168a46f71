package org.songprint.testsupport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;

/**
 * The boundaries every service keeps: HTTP resources go through services, never straight to
 * repositories (SQL); and no service uses another service's code — they talk over Kafka and gRPC,
 * sharing only {@code org.songprint.common}.
 */
public final class ArchitectureRules {

    private static final List<String> SERVICES = List.of("fingerprint", "ingest", "account", "metadata");

    private ArchitectureRules() {
    }

    /** Checks the rules on the production classes of the service whose root package is {@code org.songprint.<service>}. */
    public static void check(String service) {
        String root = "org.songprint." + service;
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(root);
        noClasses().that().haveSimpleNameEndingWith("Resource")
                .should().dependOnClassesThat().haveSimpleNameEndingWith("Repository")
                .because("resources parse and map; services own the logic and call repositories")
                .allowEmptyShould(true)
                .check(classes);
        for (String other : SERVICES) {
            if (other.equals(service)) {
                continue;
            }
            noClasses().should().dependOnClassesThat().resideInAPackage("org.songprint." + other + "..")
                    .because("services share only org.songprint.common and talk over Kafka and gRPC")
                    .allowEmptyShould(true)
                    .check(classes);
        }
    }
}
