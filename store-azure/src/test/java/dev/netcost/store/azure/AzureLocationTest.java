package dev.netcost.store.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netcost.store.ObjectStore;
import dev.netcost.store.ObjectStores;
import java.net.URI;
import org.junit.jupiter.api.Test;

final class AzureLocationTest {
  @Test
  void parsesBothForms() {
    AzureLocation abfss =
        AzureLocation.parse(URI.create("abfss://netcost@acct01.dfs.core.windows.net/prod/eu/"));
    assertThat(abfss)
        .isEqualTo(new AzureLocation("abfss", "acct01", "netcost", "prod/eu", "core.windows.net"));
    assertThat(abfss.blobEndpoint()).isEqualTo(URI.create("https://acct01.blob.core.windows.net"));
    assertThat(abfss.uri("flows/x"))
        .isEqualTo(URI.create("abfss://netcost@acct01.dfs.core.windows.net/prod/eu/flows/x"));

    AzureLocation az = AzureLocation.parse(URI.create("az://acct01/netcost"));
    assertThat(az).isEqualTo(new AzureLocation("az", "acct01", "netcost", "", "core.windows.net"));
    assertThat(az.uri("k")).isEqualTo(URI.create("az://acct01/netcost/k"));

    assertThat(
            AzureLocation.parse(URI.create("abfss://c01@acct01.dfs.core.chinacloudapi.cn"))
                .blobEndpoint())
        .isEqualTo(URI.create("https://acct01.blob.core.chinacloudapi.cn"));
  }

  @Test
  void rejectsOtherFormsNamingTheAcceptedOnes() {
    String accepted =
        " (expected abfss://container@account.dfs.core.windows.net/prefix or"
            + " az://account/container/prefix)";
    for (String uri :
        new String[] {
          "abfss://acct01.dfs.core.windows.net/p",
          "abfss://c01@acct01.blob.core.windows.net/p",
          "az://acct01",
          "wasbs://c01@acct01.blob.core.windows.net/p",
          "az://acct01/c01/p?sig=secret"
        }) {
      assertThatThrownBy(() -> AzureLocation.parse(URI.create(uri)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("Invalid Azure location: '" + uri + "'" + accepted);
    }
    assertThatThrownBy(() -> AzureLocation.parse(URI.create("az://Bad_Account/c01")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid Azure location: 'az://Bad_Account/c01'"
                + accepted
                + ": Invalid Azure storage account: 'Bad_Account' (3-24 lower-case letters and"
                + " digits)");
  }

  @Test
  void objectStoresFindsTheAdapterForBothSchemes() throws Exception {
    // DefaultAzureCredential is lazy: opening makes no request
    try (ObjectStore store = ObjectStores.open("az://acct01/netcost/prod")) {
      assertThat(store).isInstanceOf(AzureObjectStore.class);
      assertThat(store.root()).isEqualTo(URI.create("az://acct01/netcost/prod"));
    }
    try (ObjectStore store =
        ObjectStores.open("abfss://netcost@acct01.dfs.core.windows.net/prod")) {
      assertThat(store.uri("a/b"))
          .isEqualTo(URI.create("abfss://netcost@acct01.dfs.core.windows.net/prod/a/b"));
    }
  }
}
