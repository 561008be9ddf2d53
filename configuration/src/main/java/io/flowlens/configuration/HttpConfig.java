package io.flowlens.configuration;

/** An HTTP listener: {@code address} and {@code port}. */
public final class HttpConfig implements Validated {
  private String address = "0.0.0.0";
  private int port;

  /** For the loader; sections create theirs with {@link #onPort(int)} to set the default port. */
  HttpConfig() {
    this(8080);
  }

  private HttpConfig(int port) {
    this.port = port;
  }

  public static HttpConfig onPort(int port) {
    return new HttpConfig(port);
  }

  public String address() {
    return address;
  }

  public int port() {
    return port;
  }

  @Override
  public void validate(String path, ConfigProblems problems) {
    problems.check(address != null && !address.isBlank(), ConfigProblems.child(path, "address"),
        "must be an address to listen on, such as 0.0.0.0, 127.0.0.1 or ::");
    problems.check(port >= 0 && port <= 65535, ConfigProblems.child(path, "port"), "must be 0..65535 (0: any free port)");
  }
}
