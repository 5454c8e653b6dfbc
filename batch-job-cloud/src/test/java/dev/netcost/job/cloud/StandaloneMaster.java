package dev.netcost.job.cloud;

import org.apache.spark.SparkConf;
import org.apache.spark.deploy.master.Master;
import org.apache.spark.rpc.RpcEnv;

/**
 * A Spark standalone master on 127.0.0.1 and a free port, until its standard input closes. Prints
 * {@code MASTER PORT n}. Spark's own {@code Master} main would need a fixed port to be found.
 */
public final class StandaloneMaster {
  private StandaloneMaster() {}

  public static void main(String[] args) throws Exception {
    SparkConf conf = new SparkConf();
    RpcEnv rpcEnv = Master.startRpcEnvAndEndpoint("127.0.0.1", 0, 0, conf)._1();
    System.out.println("MASTER PORT " + rpcEnv.address().port());
    System.out.flush();
    while (System.in.read() >= 0) {
      // runs until the test closes our standard input
    }
    rpcEnv.shutdown();
  }
}
