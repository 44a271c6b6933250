package dev.goldennoise;

import ai.djl.ndarray.NDArray;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

class ArchitectureTest {
    private static final JavaClasses LIBRARY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.goldennoise");

    /** The overloads that wrap a number in a Java buffer autograd may read after the collector freed it. */
    private static final Set<String> UNSAFE = Set.of("mul", "div", "maximum", "minimum", "pow");

    @Test
    void noCodeUsesDjlArithmeticWithAPlainNumber() {
        DescribedPredicate<JavaCall<?>> unsafe = DescribedPredicate.describe(
                "NDArray.mul/div/maximum/minimum/pow(Number) (use tensor.Scalars)",
                call -> call.getTarget().getOwner().isAssignableTo(NDArray.class)
                        && UNSAFE.contains(call.getTarget().getName())
                        && call.getTarget().getRawParameterTypes().size() == 1
                        && call.getTarget().getRawParameterTypes().get(0).isEquivalentTo(Number.class));
        noClasses().should().callMethodWhere(unsafe).check(LIBRARY);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("dev.goldennoise.(*)..").should().beFreeOfCycles().check(LIBRARY);
    }
}
