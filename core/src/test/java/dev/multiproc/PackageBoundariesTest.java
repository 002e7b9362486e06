package dev.multiproc;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The walls between core's packages, checked on the compiled main classes: a change that adds a
 * forbidden arrow fails here, naming the classes on both ends. The rules, and why, are in
 * docs/ARCHITECTURE.md ("Package boundaries").
 */
class PackageBoundariesTest {
    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.multiproc");
    }

    @Test
    void theEnginesPackagesFormNoCycle() {
        // a package and its subpackages are one part (internal.manager holds served/)
        slices().matching("dev.multiproc.internal.(*)..").namingSlices("internal.$1")
                .should().beFreeOfCycles()
                .check(core);
    }

    @Test
    void thePublicPackagesDependOnlyDownwards() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("root").definedBy("dev.multiproc")
                .layer("connection").definedBy("dev.multiproc.connection..")
                .layer("sync").definedBy("dev.multiproc.sync..")
                .layer("shared").definedBy("dev.multiproc.shared..")
                .layer("queue").definedBy("dev.multiproc.queue..")
                .layer("pool").definedBy("dev.multiproc.pool..")
                .layer("manager").definedBy("dev.multiproc.manager..")
                .layer("spi").definedBy("dev.multiproc.spi..")
                .whereLayer("root").mayNotAccessAnyLayer()
                .whereLayer("spi").mayOnlyAccessLayers("root")
                .whereLayer("connection").mayOnlyAccessLayers("root")
                .whereLayer("sync").mayOnlyAccessLayers("root")
                .whereLayer("shared").mayOnlyAccessLayers("root", "sync")
                .whereLayer("queue").mayOnlyAccessLayers("root")
                .whereLayer("pool").mayOnlyAccessLayers("root")
                .whereLayer("manager").mayOnlyAccessLayers("root", "connection")
                .check(core);
    }

    @Test
    void theWireLayerDependsOnlyOnTheJdk() {
        noClasses().that().resideInAPackage("dev.multiproc.internal.wire..")
                .should().dependOnClassesThat().resideOutsideOfPackages("dev.multiproc.internal.wire..", "java..")
                .because("every package that speaks over a connection builds its frames with it")
                .check(core);
    }

    @Test
    void theEngineRunsWithoutTheWarmUpLayer() {
        noClasses().that().resideInAPackage("dev.multiproc.internal..")
                .and().resideOutsideOfPackage("dev.multiproc.internal.warmup..")
                .should().dependOnClassesThat().resideInAPackage("dev.multiproc.internal.warmup..")
                .because("warm-up is an optional layer: the child runtime reaches it through its one hook, by name")
                .check(core);
    }

    @Test
    void coreKnowsNothingOfTheDsl() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.multiproc.dsl..", "kotlin..", "kotlinx..")
                .because("the DSL builds on core's public API and its SPI, never the other way")
                .check(core);
    }
}
