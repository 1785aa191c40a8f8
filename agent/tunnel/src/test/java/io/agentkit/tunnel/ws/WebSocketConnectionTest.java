package io.agentkit.tunnel.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentkit.tunnel.protocol.FrameWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Both roles over a real loopback socket pair. */
class WebSocketConnectionTest {

  private Socket clientSocket;
  private Socket serverSocket;
  private WebSocketConnection client;
  private WebSocketConnection server;

  @BeforeEach
  void connect() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      clientSocket = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
      serverSocket = listener.accept();
    }
    client = new WebSocketConnection(clientSocket, clientSocket.getInputStream(), true, 1 << 20);
    server = new WebSocketConnection(serverSocket, serverSocket.getInputStream(), false, 70_000);
  }

  @AfterEach
  void close() {
    client.close();
    server.close();
  }

  @Test
  void maskedFramesArriveIntactWhetherBuiltInPlaceOrCopied() throws Exception {
    byte[] payload = new byte[65_000];
    new Random(1).nextBytes(payload);
    ByteBuffer inPlace = FrameWriter.dataBuffer(payload.length);
    inPlace.put(payload);
    ByteBuffer frame = FrameWriter.finishData(inPlace, 7);
    ByteBuffer expected = FrameWriter.data(7, payload, 0, payload.length);
    client.sendBinary(frame);
    client.sendBinary(FrameWriter.data(7, payload, 0, payload.length));
    client.sendBinary(new byte[] {1, 2, 3});
    assertThat(server.readMessage()).isEqualTo(expected);
    assertThat(server.readMessage()).isEqualTo(expected);
    assertThat(server.readMessage()).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3}));
  }

  @Test
  void pingsAreAnsweredWithAPongCarryingTheirPayload() throws Exception {
    LinkedBlockingQueue<byte[]> pongs = new LinkedBlockingQueue<>();
    server.onPong(pongs::add);
    server.sendPing(new byte[] {4, 2});
    server.sendBinary(new byte[] {9});
    // The client answers the ping itself while it reads its next message.
    assertThat(client.readMessage()).isEqualTo(ByteBuffer.wrap(new byte[] {9}));
    client.sendBinary(new byte[] {5});
    assertThat(server.readMessage()).isEqualTo(ByteBuffer.wrap(new byte[] {5}));
    assertThat(pongs.poll(5, TimeUnit.SECONDS)).as("the pong").containsExactly(4, 2);
  }

  @Test
  void oversizedMessagesAreRefused() throws Exception {
    client.sendBinary(new byte[80_000]);
    assertThatThrownBy(server::readMessage).isInstanceOf(WebSocketException.TooBig.class);
  }

  @Test
  void aServerRefusesUnmaskedFrames() throws Exception {
    clientSocket.getOutputStream().write(new byte[] {(byte) 0x82, 1, 7});
    assertThatThrownBy(server::readMessage).isInstanceOfSatisfying(WebSocketException.Violation.class,
        e -> assertThat(e.code()).isEqualTo(WebSocketProtocol.CLOSE_PROTOCOL_ERROR));
  }

  @Test
  void closeIsAnsweredAndReported() throws Exception {
    client.sendClose(4002, "bad frame");
    assertThatThrownBy(server::readMessage).isInstanceOfSatisfying(WebSocketException.Closed.class, e -> {
      assertThat(e.code()).isEqualTo(4002);
      assertThat(e.getMessage()).isEqualTo("bad frame");
    });
    assertThatThrownBy(client::readMessage).isInstanceOfSatisfying(WebSocketException.Closed.class, e -> assertThat(e.code()).isEqualTo(4002));
  }

  @Test
  void textMessagesAreRejected() throws Exception {
    client.sendText("hi");
    assertThatThrownBy(server::readMessage).isInstanceOf(WebSocketException.TextMessage.class);
  }
}
