package io.holdfast;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The layering of docs/design.md §1: dependencies point one way, from the CLI down to storage and format; the
 * prompt-log module stands beside the engine and is used only by the client and the CLI.
 */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.holdfast");

    @Test
    void layersOnlyDependDownwards() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("Storage")
                .definedBy("io.holdfast.storage..")
                .layer("Format")
                .definedBy("io.holdfast.format..")
                .layer("Repository")
                .definedBy("io.holdfast.repository..")
                .layer("Engine")
                .definedBy("io.holdfast.engine..")
                .layer("PromptLog")
                .definedBy("io.holdfast.promptlog..")
                .layer("Client")
                .definedBy("io.holdfast.client..")
                .layer("Server")
                .definedBy("io.holdfast.server..")
                .layer("Cli")
                .definedBy("io.holdfast.cli..")
                .whereLayer("Cli")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("Server")
                .mayOnlyBeAccessedByLayers("Cli")
                .whereLayer("Client")
                .mayOnlyBeAccessedByLayers("Server", "Cli")
                .whereLayer("Engine")
                .mayOnlyBeAccessedByLayers("Client", "Server", "Cli")
                .whereLayer("PromptLog")
                .mayOnlyBeAccessedByLayers("Client", "Server", "Cli")
                .whereLayer("Repository")
                .mayOnlyBeAccessedByLayers("Engine", "Client", "Server", "Cli")
                .whereLayer("Storage")
                .mayOnlyBeAccessedByLayers("Repository", "Engine", "Client", "Cli")
                .whereLayer("Format")
                .mayOnlyBeAccessedByLayers("Repository", "Engine", "PromptLog", "Client", "Server", "Cli")
                .check(CLASSES);
    }

    @Test
    void theCliReachesStorageOnlyThroughTheClient() {
        noClasses()
                .that()
                .resideInAPackage("io.holdfast.cli..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.holdfast.storage..")
                .check(CLASSES);
    }

    @Test
    void theFormatLayerDoesNoFileIo() {
        noClasses()
                .that()
                .resideInAPackage("io.holdfast.format..")
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.nio.file.Files")
                .check(CLASSES);
    }

    @Test
    void enginePackagesAreFreeOfCycles() {
        slices().matching("io.holdfast.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void serverPackagesAreFreeOfCycles() {
        slices().matching("io.holdfast.server.(*)..").should().beFreeOfCycles().check(CLASSES);
    }
}
