namespace Campus.TestKit;
