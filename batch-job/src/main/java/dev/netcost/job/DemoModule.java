package dev.netcost.job;

import dev.netcost.contract.ErrorKind;
import dev.netcost.contract.NetcostException;

/**
 * The demo generator (module {@code demo}) is on the launcher's class path but not in the
 * spark-submit jar, which leaves it out: {@code demo} and {@code generate} check for it first, so
 * that running them from that jar is one clear error instead of a {@link NoClassDefFoundError}.
 */
final class DemoModule {
  private static final String GENERATOR = "dev.netcost.demo.ClusterGenerator";

  private DemoModule() {}

  /**
   * @throws NetcostException (bad input) when the generator is not on the class path
   */
  static void require(String command) {
    require(command, GENERATOR);
  }

  static void require(String command, String generatorClass) {
    try {
      Class.forName(generatorClass, false, DemoModule.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new NetcostException(
          ErrorKind.USER,
          "'"
              + command
              + "' needs the demo generator (netcost-demo), which the spark-submit jar leaves out:"
              + " run ./netcost "
              + command
              + " instead");
    }
  }
}
