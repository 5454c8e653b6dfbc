package dev.netcost.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netcost.contract.ErrorKind;
import dev.netcost.contract.NetcostException;
import org.junit.jupiter.api.Test;

/** demo and generate without the demo module (the spark-submit jar): one error, exit code 1. */
class DemoModuleTest {
  @Test
  void theGeneratorIsOnTheLaunchersClassPath() {
    DemoModule.require("generate");
  }

  @Test
  void withoutTheGeneratorTheCommandSaysWhereToRunIt() {
    assertThatThrownBy(() -> DemoModule.require("demo", "dev.netcost.demo.NoSuchGenerator"))
        .isInstanceOf(NetcostException.class)
        .hasMessage(
            "'demo' needs the demo generator (netcost-demo), which the spark-submit jar leaves out:"
                + " run ./netcost demo instead")
        .satisfies(e -> assertThat(((NetcostException) e).kind()).isEqualTo(ErrorKind.USER));
  }
}
