package io.agentkit.contract.env;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AddressLiteralTest {

  @Test
  void readsIpv4AndIpv6Text() throws Exception {
    assertThat(AddressLiteral.parse("10.1.2.3")).containsExactly(10, 1, 2, 3);
    assertThat(AddressLiteral.parse("255.255.255.255")).containsExactly(-1, -1, -1, -1);
    assertThat(AddressLiteral.parse("fd00::1")).isEqualTo(InetAddress.getByName("fd00::1").getAddress());
    assertThat(AddressLiteral.parse("::")).isEqualTo(new byte[16]);
    assertThat(AddressLiteral.parse("1:2:3:4:5:6:7:8")).isEqualTo(InetAddress.getByName("1:2:3:4:5:6:7:8").getAddress());
    assertThat(AddressLiteral.parse("::ffff:10.0.0.1")).hasSize(16);
    assertThat(AddressLiteral.unmapped(AddressLiteral.parse("::ffff:10.0.0.1"))).containsExactly(10, 0, 0, 1);
    assertThat(AddressLiteral.unmapped(AddressLiteral.parse("::127.0.0.1"))).containsExactly(127, 0, 0, 1);
    assertThat(AddressLiteral.unmapped(AddressLiteral.parse("::1"))).hasSize(16);
  }

  @Test
  void refusesWhatIsNotOneAddressWithoutGuessing() {
    for (String text : List.of("", "10.1.2", "10.1.2.3.4", "256.1.1.1", "010.1.1.1", "1.2.3.-4", "1.2.3.4 ", "+1.2.3.4", "\u0661.2.3.4",
        "1::2::3", ":::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::", "g::1", "fd00::1%eth0", "::1.2.3", "1.2.3.4::",
        "::ffff:256.1.1.1", "1:2:3:4:5:6:7::8", "\uff11::1", ":1::", "1::2:")) {
      assertThat(AddressLiteral.parse(text)).as("'%s'", text).isNull();
    }
  }

  /** Differential: every text this parser reads, the JDK reads as the same address; what the JDK refuses, it refuses. */
  @Test
  void agreesWithTheJdkOnRandomIpv6Text() throws Exception {
    Random random = new Random(20261130);
    String alphabet = "0123456789abcdefABCDEF:::::....";
    int parsed = 0;
    for (int i = 0; i < 200_000; i++) {
      StringBuilder text = new StringBuilder(":");
      for (int n = random.nextInt(24); n > 0; n--) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      if (random.nextBoolean()) {
        text.deleteCharAt(0);
      }
      // Text that starts with a hex digit or ':' and holds a ':' is only ever parsed as a literal by the JDK, never looked up.
      if (text.length() == 0 || text.indexOf(":") < 0 || Character.digit(text.charAt(0), 16) < 0 && text.charAt(0) != ':') {
        continue;
      }
      String s = text.toString();
      byte[] ours = AddressLiteral.parse(s);
      byte[] jdk;
      try {
        InetAddress a = InetAddress.getByName(s);
        // The JDK turns IPv4-mapped text into an Inet4Address.
        jdk = a instanceof Inet4Address ? AddressLiteral.parse("::ffff:" + a.getHostAddress()) : a.getAddress();
      } catch (UnknownHostException e) {
        jdk = null;
      }
      if (ours != null) {
        parsed++;
        assertThat(jdk).as("'%s' read by the JDK", s).isEqualTo(ours);
      } else if (jdk != null) {
        // The JDK also takes leading zeros beyond RFC 4291's four hex digits and in IPv4 tails; this parser refuses both.
        assertThat(s).as("'%s' refused although the JDK reads it", s).containsPattern("(^|:)0[0-9a-fA-F]{4,}(:|$)|(^|[.:])0[0-9]+(\\.|$)");
      }
    }
    assertThat(parsed).as("random texts that were addresses").isGreaterThan(500);
  }
}
