package org.songprint.fingerprint.index;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The index's layers: the service uses the contract, the engine knows only the contract, storage knows no engine. */
class IndexLayersTest {

    private static final String PACKED = "org.songprint.fingerprint.index.packed";
    private static final String STORAGE = PACKED + ".storage";

    // the contract's types, and arrays of them
    private static final DescribedPredicate<JavaClass> CONTRACT = DescribedPredicate.describe("the index contract",
            type -> Set.of(FingerprintIndex.class, ManagedFingerprintIndex.class, SearchOptions.class, FingerprintMatch.class,
                    IndexedFingerprint.class, ExcerptOptions.class, ExcerptMatch.class, RankedMatch.class).stream().anyMatch(type.getBaseComponentType()::isEquivalentTo));

    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.songprint.fingerprint");
    }

    @Test
    void onlyTheIndexPackageKnowsTheEngine() {
        noClasses().that().resideOutsideOfPackage("org.songprint.fingerprint.index..")
                .should().dependOnClassesThat().resideInAPackage(PACKED + "..")
                .because("the rest of the service searches and updates through FingerprintIndex")
                .check(classes);
    }

    @Test
    void theEngineKnowsOnlyTheContractOfTheService() {
        noClasses().that().resideInAPackage(PACKED + "..")
                .should().dependOnClassesThat(resideInAPackage("org.songprint.fingerprint..")
                        .and(not(resideInAPackage(PACKED + "..")))
                        .and(not(CONTRACT)))
                .because("the lifecycle drives the engine, not the other way round")
                .check(classes);
    }

    @Test
    void storageKnowsNoEngine() {
        noClasses().that().resideInAPackage(STORAGE)
                .should().dependOnClassesThat().resideInAnyPackage(PACKED, "org.songprint.fingerprint.index")
                .because("files, the log and the manifest are read and written for the engine, which uses them")
                .check(classes);
    }
}
